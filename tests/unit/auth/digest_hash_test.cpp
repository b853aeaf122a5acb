#include "dialtone/sip/auth/digest_hash.hpp"

#include <gtest/gtest.h>

namespace dialtone::auth {
namespace {

// RFC 7616 §3.9.1: Mufasa / "Circle of Life" at http-auth@example.org, GET /dir/index.html.
DigestInputs rfc7616_inputs() {
    DigestInputs in;
    in.method = "GET";
    in.uri = "/dir/index.html";
    in.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    in.nc = "00000001";
    in.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    in.qop = "auth";
    return in;
}

TEST(DigestHash, Rfc7616_3_9_1_Sha256KnownAnswer) {
    const HexDigest ha1 =
        compute_ha1(Algorithm::Sha256, "Mufasa", "http-auth@example.org", "Circle of Life");
    EXPECT_EQ(compute_response(Algorithm::Sha256, ha1, rfc7616_inputs()).view(),
              "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestHash, Rfc7616_3_9_1_Md5KnownAnswer) {
    const HexDigest ha1 =
        compute_ha1(Algorithm::Md5, "Mufasa", "http-auth@example.org", "Circle of Life");
    EXPECT_EQ(compute_response(Algorithm::Md5, ha1, rfc7616_inputs()).view(),
              "8ca523f5e9506fed4657c9700eebdbec");
}

// RFC 2617 §3.5 (the MD5 example SIP stacks were written against; note "Of" is capital).
TEST(DigestHash, Rfc2617_3_5_Md5KnownAnswer) {
    const HexDigest ha1 =
        compute_ha1(Algorithm::Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");
    EXPECT_EQ(ha1.view(), "939e7578ed9e3c518a452acee763bce9");
    DigestInputs in;
    in.method = "GET";
    in.uri = "/dir/index.html";
    in.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    in.nc = "00000001";
    in.cnonce = "0a4f113b";
    in.qop = "auth";
    EXPECT_EQ(compute_response(Algorithm::Md5, ha1, in).view(), "6629fae49393a05397450978507c4ef1");
}

TEST(DigestHash, HashLengthsAndKnownEmptyDigests) {
    EXPECT_EQ(hash_hex(Algorithm::Md5, "").view(), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hash_hex(Algorithm::Sha256, "").view(),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex_length(Algorithm::Md5), 32u);
    EXPECT_EQ(hex_length(Algorithm::Sha256), 64u);
}

// RFC 7616 §3.4.3: auth-int puts H(body) into A2, so the body changes the response; auth
// and RFC 2069 (no qop) ignore it.
TEST(DigestHash, Rfc7616_3_4_3_AuthIntCoversTheBody) {
    const HexDigest ha1 = compute_ha1(Algorithm::Sha256, "alice", "example.test", "pw");
    DigestInputs in = rfc7616_inputs();
    in.qop = "auth-int";
    in.body = "v=0\r\n";
    const HexDigest one = compute_response(Algorithm::Sha256, ha1, in);
    in.body = "v=1\r\n";
    EXPECT_NE(one.view(), compute_response(Algorithm::Sha256, ha1, in).view());
    in.qop = "auth";
    const HexDigest auth = compute_response(Algorithm::Sha256, ha1, in);
    in.body = "v=0\r\n";
    EXPECT_EQ(auth.view(), compute_response(Algorithm::Sha256, ha1, in).view());
    in.qop = "";
    const HexDigest rfc2069 = compute_response(Algorithm::Sha256, ha1, in);
    EXPECT_NE(rfc2069.view(), auth.view());
    in.cnonce = "something else";  // not part of an RFC 2069 response
    EXPECT_EQ(rfc2069.view(), compute_response(Algorithm::Sha256, ha1, in).view());
}

}  // namespace
}  // namespace dialtone::auth
