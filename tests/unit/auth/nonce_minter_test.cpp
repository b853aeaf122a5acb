#include "dialtone/sip/auth/nonce_minter.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dialtone::auth {
namespace {

NonceKey key_of(std::uint8_t fill) {
    NonceKey k;
    k.bytes.fill(fill);
    return k;
}

constexpr Duration kLifetime = std::chrono::minutes(5);
const Instant kT0 = unix_ms(1'700'000'000'000);

TEST(NonceMinter, MintedNonceChecksValidWithItsTimeAndSequence) {
    NonceMinter m(key_of(7), 42);
    const std::string n = m.mint("example.test", kT0);
    EXPECT_EQ(n.size(), NonceMinter::kNonceLength);
    EXPECT_EQ(n.find_first_of("\"\\+/= "), std::string::npos) << n;
    const NonceCheck c = m.check(n, "example.test", kT0 + std::chrono::seconds(10), kLifetime);
    EXPECT_EQ(c.state, NonceState::Valid);
    EXPECT_EQ(c.id.minted_ms, kT0.time_since_epoch().count());
    EXPECT_EQ(c.id.sequence, 42u);
}

// Stateless: a second minter with the same key (a restarted server) accepts the nonce.
TEST(NonceMinter, SurvivesRestartWithSameKeyButNotWithAnother) {
    const std::string n = NonceMinter(key_of(7)).mint("example.test", kT0);
    EXPECT_EQ(NonceMinter(key_of(7)).check(n, "example.test", kT0, kLifetime).state,
              NonceState::Valid);
    EXPECT_EQ(NonceMinter(key_of(8)).check(n, "example.test", kT0, kLifetime).state,
              NonceState::Invalid);
}

TEST(NonceMinter, ExpiresAfterLifetime) {
    NonceMinter m(key_of(1));
    const std::string n = m.mint("example.test", kT0);
    EXPECT_EQ(m.check(n, "example.test", kT0 + kLifetime, kLifetime).state, NonceState::Valid);
    EXPECT_EQ(m.check(n, "example.test", kT0 + kLifetime + Duration(1), kLifetime).state,
              NonceState::Expired);
}

TEST(NonceMinter, NonceFromTheFutureBeyondSkewIsExpired) {
    NonceMinter m(key_of(1));
    const std::string n = m.mint("example.test", kT0);
    EXPECT_EQ(m.check(n, "example.test", kT0 - NonceMinter::kMaxSkew, kLifetime).state,
              NonceState::Valid);
    EXPECT_EQ(
        m.check(n, "example.test", kT0 - NonceMinter::kMaxSkew - Duration(1), kLifetime).state,
        NonceState::Expired);
}

// The realm is under the MAC: a nonce from one hosted domain is useless in another.
TEST(NonceMinter, BoundToRealm) {
    NonceMinter m(key_of(1));
    const std::string n = m.mint("a.example", kT0);
    EXPECT_EQ(m.check(n, "b.example", kT0, kLifetime).state, NonceState::Invalid);
}

TEST(NonceMinter, AnyAlteredCharacterIsInvalid) {
    NonceMinter m(key_of(1));
    const std::string n = m.mint("example.test", kT0);
    for (std::size_t i = 0; i < n.size(); ++i) {
        std::string bad = n;
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        EXPECT_EQ(m.check(bad, "example.test", kT0, kLifetime).state, NonceState::Invalid)
            << "position " << i;
    }
    EXPECT_EQ(m.check(n.substr(1), "example.test", kT0, kLifetime).state, NonceState::Invalid);
    EXPECT_EQ(m.check(n + "A", "example.test", kT0, kLifetime).state, NonceState::Invalid);
    EXPECT_EQ(m.check("", "example.test", kT0, kLifetime).state, NonceState::Invalid);
    EXPECT_EQ(m.check(std::string(44, '!'), "example.test", kT0, kLifetime).state,
              NonceState::Invalid);
}

// Two nonces minted in the same millisecond differ, so nonce-counts are never shared.
TEST(NonceMinter, UniqueWithinOneMillisecond) {
    NonceMinter m(key_of(1));
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(m.mint("example.test", kT0));
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(NonceKey, HexRoundTripAndRejects) {
    const NonceKey k = key_of(0xab);
    std::string want;
    for (int i = 0; i < 32; ++i)
        want += "ab";
    EXPECT_EQ(k.to_hex(), want);
    const auto back = NonceKey::from_hex(k.to_hex());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->bytes, k.bytes);
    EXPECT_TRUE(NonceKey::from_hex(std::string(64, 'F')));
    EXPECT_FALSE(NonceKey::from_hex(std::string(63, 'a')));
    EXPECT_FALSE(NonceKey::from_hex(std::string(64, 'g')));
}

TEST(NonceKey, GeneratedKeysDiffer) {
    const auto a = NonceKey::generate();
    const auto b = NonceKey::generate();
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->bytes, b->bytes);
}

}  // namespace
}  // namespace dialtone::auth
