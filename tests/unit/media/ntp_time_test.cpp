#include "media/ntp_time.hpp"

#include <gtest/gtest.h>

namespace dialtone::media {
namespace {

// RFC 3550 §4: NTP time counts from 1900; 1970 is 2,208,988,800 s later.
TEST(NtpTime, Rfc3550_4_UnixEpochInNtpSeconds) {
    const NtpTime t = ntp_from_unix(Duration(0));
    EXPECT_EQ(t.seconds(), 2'208'988'800u);
    EXPECT_EQ(t.fraction(), 0u);
}

TEST(NtpTime, Rfc3550_4_FractionIsBinary) {
    const NtpTime t = ntp_from_unix(Duration(1'500'000));  // 1.5 s
    EXPECT_EQ(t.seconds(), 2'208'988'801u);
    EXPECT_EQ(t.fraction(), 0x80000000u);
    const NtpTime q = ntp_add(t, Duration(-250'000));
    EXPECT_EQ(q.seconds(), 2'208'988'801u);
    EXPECT_EQ(q.fraction(), 0x40000000u);
}

// NTP seconds wrap in February 2036 (era 1); a wall clock past 2038 must not overflow.
// 2040-01-01 is 2,208,988,800 s after 1970, so its NTP seconds are twice that, mod 2^32.
TEST(NtpTime, Rfc3550_4_WrapsIntoTheNextEraAfter2036) {
    const NtpTime t = ntp_from_unix(Duration(2'208'988'800LL * 1'000'000 + 500'000));
    EXPECT_EQ(t.seconds(), static_cast<std::uint32_t>(2ULL * 2'208'988'800ULL));
    EXPECT_EQ(t.fraction(), 0x80000000u);
}

// §6.4.1: LSR uses the middle 32 bits of the NTP timestamp.
TEST(NtpTime, Rfc3550_6_4_1_CompactIsTheMiddle32Bits) {
    const NtpTime t{0x12345678'9abcdef0ULL};
    EXPECT_EQ(t.compact(), 0x56789abcu);
}

TEST(NtpTime, Rfc3550_6_4_1_DelayInUnitsOf1Over65536Seconds) {
    EXPECT_EQ(compact_from_duration(Duration(5'250'000)), 0x00054000u);
    EXPECT_EQ(duration_from_compact(0x00054000u), Duration(5'250'000));
    EXPECT_EQ(compact_from_duration(Duration(-1)), 0u);
}

// §6.4.1's worked example: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
// DLSR = 0x0005:4000 (5.250 s) give a round trip of 0x0006:2000 (6.125 s).
TEST(NtpTime, Rfc3550_6_4_1_RoundTripExample) {
    const auto rtt = round_trip_time(0xb7108000u, 0xb7052000u, 0x00054000u);
    ASSERT_TRUE(rtt);
    EXPECT_EQ(*rtt, Duration(6'125'000));
}

TEST(NtpTime, Rfc3550_6_4_1_NoRoundTripWithoutSenderReport) {
    EXPECT_FALSE(round_trip_time(0xb7108000u, 0, 0));
    // Fields that would give a negative delay are not believed.
    EXPECT_FALSE(round_trip_time(0xb7052000u, 0xb7108000u, 0));
}

TEST(NtpTime, Rfc3550_6_4_1_RoundTripAcrossCompactWrap) {
    const auto rtt = round_trip_time(0x00010000u, 0xffff8000u, 0x00004000u);  // 1.5 s - 0.25 s
    ASSERT_TRUE(rtt);
    EXPECT_EQ(*rtt, Duration(1'250'000));
}

}  // namespace
}  // namespace dialtone::media
