// HMAC-SHA256 as the nonce minter uses it (RFC 7616 §3.3 leaves the nonce's form to the
// server; ours carries an HMAC tag). Checked against RFC 4231's test vectors, including a key
// longer than the block, and with keys alternating so the per-thread keyed state is re-derived.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sip/auth/openssl_digest.hpp"

namespace {

using dialtone::auth::detail::hmac_sha256;

std::string hex_of(const unsigned char* p, std::size_t n) {
    static const char* kDigits = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += kDigits[p[i] >> 4];
        s += kDigits[p[i] & 15];
    }
    return s;
}

std::string mac_hex(std::string_view key, std::string_view data) {
    unsigned char out[32] = {};
    EXPECT_TRUE(
        hmac_sha256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), data, out));
    return hex_of(out, sizeof out);
}

constexpr const char* kCase2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
constexpr const char* kCase6 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";

TEST(HmacSha256, Rfc4231Case2ShortKey) {
    EXPECT_EQ(mac_hex("Jefe", "what do ya want for nothing?"), kCase2);
}

TEST(HmacSha256, Rfc4231Case6KeyLongerThanBlockIsHashedFirst) {
    const std::string key(131, '\xaa');
    EXPECT_EQ(mac_hex(key, "Test Using Larger Than Block-Size Key - Hash Key First"), kCase6);
}

TEST(HmacSha256, Rfc4231Case1AfterChangingKeysBackAndForth) {
    const std::string key1(20, '\x0b');
    const std::string case1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(mac_hex(key1, "Hi There"), case1);
        EXPECT_EQ(mac_hex("Jefe", "what do ya want for nothing?"), kCase2);
    }
    // Same length as key1, different bytes: must not reuse key1's state.
    const std::string other(20, '\x0c');
    EXPECT_NE(mac_hex(other, "Hi There"), case1);
}

}  // namespace
