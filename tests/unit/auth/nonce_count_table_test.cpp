#include "dialtone/sip/auth/nonce_count_table.hpp"

#include <gtest/gtest.h>

namespace dialtone::auth {
namespace {

using V = NonceCountTable::Verdict;
constexpr Duration kLifetime = std::chrono::minutes(5);
const Instant kT0 = unix_ms(1'700'000'000'000);

NonceId id_at(Instant minted, std::uint64_t seq) {
    return NonceId{minted.time_since_epoch().count(), seq};
}

// RFC 7616 §3.4 / §5.5: a nonce-count may be used once; a repeat is a replay.
TEST(NonceCountTable, Rfc7616_5_5_RepeatedCountIsReplay) {
    NonceCountTable t(kLifetime);
    const NonceId n = id_at(kT0, 1);
    EXPECT_EQ(t.record(n, 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 1, kT0), V::Replay);
    EXPECT_EQ(t.record(n, 2, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 2, kT0), V::Replay);
    EXPECT_EQ(t.record(n, 1, kT0), V::Replay);
    EXPECT_EQ(t.record(n, 0, kT0), V::Replay);
}

TEST(NonceCountTable, CountsArePerNonce) {
    NonceCountTable t(kLifetime);
    EXPECT_EQ(t.record(id_at(kT0, 1), 5, kT0), V::Fresh);
    EXPECT_EQ(t.record(id_at(kT0, 2), 1, kT0), V::Fresh);
    EXPECT_EQ(t.size(), 2u);
}

// Out of order within the window is fine (UDP reorders); anything older is not.
TEST(NonceCountTable, OutOfOrderWithinWindowAccepted) {
    NonceCountTable t(kLifetime);
    const NonceId n = id_at(kT0, 1);
    EXPECT_EQ(t.record(n, 3, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 2, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 2, kT0), V::Replay);
    EXPECT_EQ(t.record(n, 100, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 100 - NonceCountTable::kWindow + 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(n, 100 - NonceCountTable::kWindow, kT0), V::Replay);
    EXPECT_EQ(t.record(n, 3, kT0), V::Replay);  // seen, and now far below the window
}

TEST(NonceCountTable, ExpiredNoncesLeave) {
    NonceCountTable t(kLifetime);
    EXPECT_EQ(t.record(id_at(kT0, 1), 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(id_at(kT0 + std::chrono::minutes(3), 2), 1, kT0 + std::chrono::minutes(3)),
              V::Fresh);
    EXPECT_EQ(t.size(), 2u);
    EXPECT_EQ(t.record(id_at(kT0 + std::chrono::minutes(6), 3), 1, kT0 + std::chrono::minutes(6)),
              V::Fresh);
    EXPECT_EQ(t.size(), 2u);  // the first one expired and was dropped
}

// Bound: a full table evicts its oldest nonce and from then on refuses (Forgotten) any
// untracked nonce minted at or before it, instead of accepting its counts again.
TEST(NonceCountTable, FullTableEvictsOldestAndForgetsIt) {
    NonceCountTable t(kLifetime, 3);
    for (std::uint64_t s = 1; s <= 3; ++s)
        EXPECT_EQ(t.record(id_at(kT0, s), 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(id_at(kT0, 4), 1, kT0), V::Fresh);
    EXPECT_EQ(t.size(), 3u);
    EXPECT_EQ(t.record(id_at(kT0, 1), 2, kT0), V::Forgotten);  // evicted: no replays of it
    EXPECT_EQ(t.record(id_at(kT0, 2), 2, kT0), V::Fresh);      // still tracked
    EXPECT_EQ(t.record(id_at(kT0, 4), 1, kT0), V::Replay);
    // Older than everything in a full table: not tracked, so forgotten at once.
    EXPECT_EQ(t.record(id_at(kT0 - Duration(1), 9), 1, kT0), V::Forgotten);
    EXPECT_EQ(t.size(), 3u);
}

TEST(NonceCountTable, NonceOlderThanAllInAFullTableIsForgottenWithoutEvicting) {
    NonceCountTable t(kLifetime, 2);
    EXPECT_EQ(t.record(id_at(kT0, 5), 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(id_at(kT0, 6), 1, kT0), V::Fresh);
    EXPECT_EQ(t.record(id_at(kT0, 1), 1, kT0), V::Forgotten);
    EXPECT_EQ(t.record(id_at(kT0, 5), 1, kT0), V::Replay);  // still tracked
    EXPECT_EQ(t.record(id_at(kT0, 6), 2, kT0), V::Fresh);
}

}  // namespace
}  // namespace dialtone::auth
