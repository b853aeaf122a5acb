#include "dialtone/sip/message/digest.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/quoted_string.hpp"

namespace dialtone::message {
namespace {

std::string what_of(const Result<AuthHeader>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

constexpr std::string_view kCredentials =
    "Digest username=\"bob\", realm=\"biloxi.com\", "
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:bob@biloxi.com\", qop=auth, "
    "nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

// RFC 3261 §25.1 digest-response / RFC 7616 §3.4 with every directive.
TEST(TypedDigest, Rfc3261_25_1_CredentialsAllDirectives) {
    auto r = parse_credentials(kCredentials);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_TRUE(r->digest);
    EXPECT_EQ(r->scheme, "Digest");
    EXPECT_EQ(r->username, "bob");
    EXPECT_EQ(r->realm, "biloxi.com");
    EXPECT_EQ(r->nonce, "dcd98b7102dd2f0e8b11d0f600bfb0c093");
    EXPECT_EQ(r->uri, "sip:bob@biloxi.com");
    EXPECT_EQ(r->qop, "auth");
    EXPECT_EQ(r->nc, "00000001");
    EXPECT_EQ(r->nonce_count, 1u);
    EXPECT_EQ(r->cnonce, "0a4f113b");
    EXPECT_EQ(r->response, "6629fae49393a05397450978507c4ef1");
    EXPECT_EQ(r->opaque, "5ccc069c403ebaf9f0171e9517f40e41");
    EXPECT_TRUE(r->has(DigestField::Opaque));
    EXPECT_FALSE(r->has(DigestField::Algorithm));
    EXPECT_EQ(r->digest_algorithm(), DigestAlgorithm::Md5);  // RFC 7616 §3.3 default
    EXPECT_TRUE(r->qop_offers("auth"));
    EXPECT_FALSE(r->qop_offers("auth-int"));
}

// RFC 3261 §25.1: LWS (folded) around "=" and ","; scheme and names case-insensitive.
TEST(TypedDigest, Rfc3261_25_1_FoldingSpacingAndCase) {
    auto r = parse_credentials(
        "  dIgEsT\r\n USERNAME = \"bob\" ,\r\n\trealm=\"b\"  ,nonce=\"n\" , Uri =\"sip:x\","
        "RESPONSE=\"ABCDEF0123\"  ",
        HeaderId::ProxyAuthorization);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_TRUE(r->digest);
    EXPECT_EQ(r->scheme, "dIgEsT");
    EXPECT_EQ(r->username, "bob");
    EXPECT_EQ(r->uri, "sip:x");
    EXPECT_EQ(r->response, "ABCDEF0123");
}

// RFC 3261 §25.1 digest-challenge; qop-options is a quoted list.
TEST(TypedDigest, Rfc3261_25_1_Challenge) {
    auto r = parse_challenge(
        "Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", "
        "qop=\"auth, auth-int\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", "
        "stale=FALSE, algorithm=MD5");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->realm, "atlanta.com");
    EXPECT_EQ(r->domain, "sip:ss1.carrier.com");
    EXPECT_TRUE(r->qop_offers("auth"));
    EXPECT_TRUE(r->qop_offers("AUTH-INT"));
    EXPECT_FALSE(r->qop_offers("auth-conf"));
    EXPECT_TRUE(r->has(DigestField::Opaque));
    EXPECT_TRUE(r->opaque.empty());
    EXPECT_TRUE(r->has(DigestField::Stale));
    EXPECT_FALSE(r->stale);
    EXPECT_EQ(r->digest_algorithm(), DigestAlgorithm::Md5);
    auto stale =
        parse_challenge("Digest realm=\"r\", nonce=\"n\", stale=true", HeaderId::ProxyAuthenticate);
    ASSERT_TRUE(stale.ok());
    EXPECT_TRUE(stale->stale);
}

// RFC 8760 §2 / RFC 7616 §3.3: SHA-256 and SHA-512/256 algorithms, userhash.
TEST(TypedDigest, Rfc8760_2_AlgorithmsAndUserhash) {
    auto r = parse_challenge(
        "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
        "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", userhash=true");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->digest_algorithm(), DigestAlgorithm::Sha256);
    EXPECT_TRUE(r->userhash);
    const struct {
        std::string_view text;
        DigestAlgorithm alg;
    } cases[] = {{"MD5-sess", DigestAlgorithm::Md5Sess},
                 {"sha-256-SESS", DigestAlgorithm::Sha256Sess},
                 {"SHA-512-256", DigestAlgorithm::Sha512_256},
                 {"SHA-512-256-sess", DigestAlgorithm::Sha512_256Sess},
                 {"AKAv1-MD5", DigestAlgorithm::Other}};
    for (const auto& c : cases) {
        const std::string v = "Digest realm=\"r\", nonce=\"n\", algorithm=" + std::string(c.text);
        auto a = parse_challenge(v);
        ASSERT_TRUE(a.ok()) << v << ": " << what_of(a);
        EXPECT_EQ(a->digest_algorithm(), c.alg) << v;
        EXPECT_EQ(a->algorithm, c.text);
    }
}

// RFC 4475 §3.3.7 regaut01: an unknown scheme parses as scheme + raw params.
TEST(TypedDigest, Rfc4475_3_3_7_Regaut01UnknownScheme) {
    auto r = parse_credentials("NoOneKnowsThisScheme opaque-data=here");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_FALSE(r->digest);
    EXPECT_EQ(r->scheme, "NoOneKnowsThisScheme");
    EXPECT_EQ(r->params, "opaque-data=here");
    EXPECT_EQ(r->param("opaque-data"), "here");
    EXPECT_EQ(r->present, 0u);
    auto basic = parse_credentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    ASSERT_TRUE(basic.ok()) << what_of(basic);
    EXPECT_EQ(basic->params, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    auto bare = parse_challenge("Negotiate");
    ASSERT_TRUE(bare.ok());
    EXPECT_TRUE(bare->params.empty());
}

TEST(TypedDigest, Rfc7616_3_UnknownParamsKeptAndEscapes) {
    // Results are views into the value, so the value must outlive them.
    const std::string value =
        std::string(kCredentials) + ", foo=\"b,ar\", baz=qux, username2=\"x\\\"y\"";
    auto r = parse_credentials(value);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->param("FOO"), "b,ar");
    EXPECT_EQ(r->param("baz"), "qux");
    EXPECT_TRUE(r->has_param("baz"));
    EXPECT_FALSE(r->has_param("nothere"));
    EXPECT_EQ(r->param("nothere"), "");
    EXPECT_TRUE(has_escapes(r->param("username2")));
    EXPECT_EQ(unescape_quoted(r->param("username2")), "x\"y");

    AuthParamCursor cur(r->params);
    AuthParam p;
    int n = 0;
    while (cur.next(p))
        ++n;
    EXPECT_EQ(cur.status(), AuthParamCursor::Status::End);
    EXPECT_EQ(n, 12);

    auto esc = parse_credentials(
        "Digest username=\"a\\\\b\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0\"");
    ASSERT_TRUE(esc.ok()) << what_of(esc);
    EXPECT_EQ(esc->username, "a\\\\b");
    EXPECT_EQ(unescape_quoted(esc->username), "a\\b");
}

// RFC 7616 §3.4.4: username* instead of username.
TEST(TypedDigest, Rfc7616_3_4_4_ExtendedUsername) {
    auto r = parse_credentials(
        "Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"r\", nonce=\"n\", "
        "uri=\"/\", response=\"00\"");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_TRUE(r->username_extended);
    EXPECT_EQ(r->username, "UTF-8''J%C3%A4s%C3%B8n%20Doe");
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"a\", username*=UTF-8''a, "
                                        "realm=\"r\", nonce=\"n\", uri=\"/\", response=\"00\"")),
              "Authorization: duplicate parameter");
}

TEST(TypedDigest, Rfc3261_25_1_MalformedCredentials) {
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"bob, realm=\"r\"")),
              "Authorization: unexpected text after parameter");
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"bob")),
              "Authorization: unterminated quoted string");
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"bob", HeaderId::ProxyAuthorization)),
              "Proxy-Authorization: unterminated quoted string");
    EXPECT_EQ(what_of(parse_credentials("")), "Authorization: empty value");
    EXPECT_EQ(what_of(parse_credentials("Digest")), "Authorization: missing parameters");
    EXPECT_EQ(what_of(parse_credentials("Digest,realm=\"r\"")), "Authorization: bad scheme");
    EXPECT_EQ(what_of(parse_credentials("\"Digest\" realm=\"r\"")), "Authorization: bad scheme");
    EXPECT_EQ(what_of(parse_credentials("Digest realm=\"r\",,nonce=\"n\"")),
              "Authorization: empty parameter");
    EXPECT_EQ(what_of(parse_credentials(std::string(kCredentials) + ",")),
              "Authorization: empty parameter");
    EXPECT_EQ(what_of(parse_credentials("Digest realm")), "Authorization: parameter without value");
    EXPECT_EQ(what_of(parse_credentials("Digest realm=")), "Authorization: bad parameter value");
    EXPECT_EQ(what_of(parse_credentials("Digest =x")), "Authorization: bad parameter name");
    EXPECT_EQ(what_of(parse_credentials("Digest realm=\"r\" nonce=\"n\"")),
              "Authorization: unexpected text after parameter");
    EXPECT_EQ(what_of(parse_credentials("Basic \"unclosed")),
              "Authorization: unterminated quoted string");
}

// RFC 7616 §3.4: required directives, and cnonce/nc with qop.
TEST(TypedDigest, Rfc7616_3_4_RequiredDirectives) {
    const std::string base = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\"";
    EXPECT_EQ(what_of(parse_credentials(base)), "Authorization: missing response");
    EXPECT_TRUE(parse_credentials(base + ", response=\"ab\"").ok());
    EXPECT_EQ(what_of(parse_credentials("Digest realm=\"r\", nonce=\"n\", uri=\"/\", "
                                        "response=\"ab\"")),
              "Authorization: missing username");
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"u\", nonce=\"n\", uri=\"/\", "
                                        "response=\"ab\"")),
              "Authorization: missing realm");
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"u\", realm=\"r\", uri=\"/\", "
                                        "response=\"ab\"")),
              "Authorization: missing nonce");
    EXPECT_EQ(what_of(parse_credentials("Digest username=\"u\", realm=\"r\", nonce=\"n\", "
                                        "response=\"ab\"")),
              "Authorization: missing uri");
    EXPECT_EQ(what_of(parse_credentials(base + ", response=\"ab\", qop=auth, nc=00000001")),
              "Authorization: missing cnonce");
    EXPECT_EQ(what_of(parse_credentials(base + ", response=\"ab\", qop=auth, cnonce=\"c\"")),
              "Authorization: missing nc");
    EXPECT_EQ(what_of(parse_credentials(base + ", response=\"xyz\"")),
              "Authorization: bad response");
    EXPECT_EQ(what_of(parse_credentials(base + ", response=\"ab\", qop=\"auth,auth-int\", "
                                               "cnonce=\"c\", nc=00000001")),
              "Authorization: bad qop");
    EXPECT_EQ(what_of(parse_credentials(base + ", response=\"ab\", realm=\"r2\"")),
              "Authorization: duplicate parameter");
    EXPECT_EQ(what_of(parse_credentials(base + ", response=\"ab\", algorithm=\"MD 5\"")),
              "Authorization: bad algorithm");
}

// RFC 7616 §3.4: nc-value = 8LHEX.
TEST(TypedDigest, Rfc7616_3_4_NonceCount) {
    const std::string base =
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"ab\", "
        "qop=auth, cnonce=\"c\", nc=";
    auto max = parse_credentials(base + "ffffffff");
    ASSERT_TRUE(max.ok()) << what_of(max);
    EXPECT_EQ(max->nonce_count, 0xffffffffu);
    EXPECT_EQ(parse_credentials(base + "0000001A")->nonce_count, 26u);
    EXPECT_EQ(what_of(parse_credentials(base + "0001")), "Authorization: bad nc");
    EXPECT_EQ(what_of(parse_credentials(base + "000000001")), "Authorization: bad nc");
    EXPECT_EQ(what_of(parse_credentials(base + "0000000g")), "Authorization: bad nc");
}

TEST(TypedDigest, Rfc7616_3_3_ChallengeNeedsRealmAndNonce) {
    EXPECT_EQ(what_of(parse_challenge("Digest nonce=\"n\"")), "WWW-Authenticate: missing realm");
    EXPECT_EQ(what_of(parse_challenge("Digest realm=\"r\"", HeaderId::ProxyAuthenticate)),
              "Proxy-Authenticate: missing nonce");
    EXPECT_EQ(what_of(parse_challenge("Digest realm=\"r\", nonce=\"n\", stale=true, stale=false")),
              "WWW-Authenticate: duplicate parameter");
    EXPECT_EQ(what_of(parse_challenge("Digest realm=\"r, nonce=\"n\"")),
              "WWW-Authenticate: unexpected text after parameter");
}

// RFC 3261 §20.6 / RFC 7616 §3.5: Authentication-Info.
TEST(TypedDigest, Rfc3261_20_6_AuthenticationInfo) {
    auto r = parse_authentication_info(
        "nextnonce=\"47364c23432d2e131a5fb210812c\", qop=auth, "
        "rspauth=\"0a4f113b\", cnonce=\"x\", nc=00000002");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->nextnonce, "47364c23432d2e131a5fb210812c");
    EXPECT_EQ(r->rspauth, "0a4f113b");
    EXPECT_EQ(r->nonce_count, 2u);
    EXPECT_TRUE(r->scheme.empty());
    EXPECT_EQ(what_of(parse_authentication_info("")), "Authentication-Info: empty value");
    EXPECT_EQ(what_of(parse_authentication_info("nextnonce=\"x")),
              "Authentication-Info: unterminated quoted string");
}

}  // namespace
}  // namespace dialtone::message
