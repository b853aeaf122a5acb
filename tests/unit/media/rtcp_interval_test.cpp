#include "media/rtcp_interval.hpp"

#include <gtest/gtest.h>

#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

RtcpIntervalInput two_party() {
    RtcpIntervalInput in;
    in.members = 2;
    in.senders = 2;
    in.rtcp_bandwidth = 500;  // 5% of 80 kbit/s
    in.we_sent = true;
    in.avg_rtcp_size = 100;
    return in;
}

TEST(RtcpInterval, Rfc3550_6_2_MinimumIsFiveSeconds) {
    EXPECT_DOUBLE_EQ(rtcp_deterministic_interval(two_party()), 5.0);
}

TEST(RtcpInterval, Rfc3550_6_2_InitialMinimumIsHalved) {
    RtcpIntervalInput in = two_party();
    in.initial = true;
    EXPECT_DOUBLE_EQ(rtcp_deterministic_interval(in), 2.5);
}

TEST(RtcpInterval, Rfc3550_6_3_1_ScalesWithMembersOverBandwidth) {
    RtcpIntervalInput in = two_party();
    in.members = 1000;
    in.senders = 500;  // more than a quarter: no split
    EXPECT_DOUBLE_EQ(rtcp_deterministic_interval(in), 100.0 * 1000 / 500);
}

// §6.3.1: when senders are at most a quarter of the members, they share 25% of the RTCP
// bandwidth among themselves and the receivers share 75%.
TEST(RtcpInterval, Rfc3550_6_3_1_FewSendersShareAQuarter) {
    RtcpIntervalInput in = two_party();
    in.members = 100;
    in.senders = 2;
    in.avg_rtcp_size = 1000;
    in.we_sent = true;
    EXPECT_DOUBLE_EQ(rtcp_deterministic_interval(in), 1000.0 * 2 / (500 * 0.25));
    in.we_sent = false;
    EXPECT_DOUBLE_EQ(rtcp_deterministic_interval(in), 1000.0 * 98 / (500 * 0.75));
}

// §6.3.1: the interval is T_d times a uniform draw in [0.5, 1.5), divided by e - 3/2.
TEST(RtcpInterval, Rfc3550_6_3_1_RandomizedAndCompensated) {
    const RtcpIntervalInput in = two_party();
    EXPECT_DOUBLE_EQ(rtcp_interval(in, test::fixed_random(0)), 5.0 * 0.5 / (2.71828 - 1.5));
    EXPECT_NEAR(rtcp_interval(in, test::fixed_random(0xffffffff)), 5.0 * 1.5 / (2.71828 - 1.5),
                1e-6);

    const RandomSource random = test::seeded_random(3);
    double sum = 0, low = 1e9, high = 0;
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
        const double t = rtcp_interval(in, random);
        sum += t;
        low = std::min(low, t);
        high = std::max(high, t);
    }
    EXPECT_GE(low, 5.0 * 0.5 / 1.21828);
    EXPECT_LT(high, 5.0 * 1.5 / 1.21828);
    EXPECT_NEAR(sum / n, 5.0 / 1.21828, 0.1);
    EXPECT_LT(low, 2.3);  // the draws spread over the range
    EXPECT_GT(high, 5.8);
}

TEST(RtcpInterval, Rfc3550_6_3_3_AverageSizeMovesOneSixteenth) {
    EXPECT_DOUBLE_EQ(next_avg_rtcp_size(100, 260), 110);
}

}  // namespace
}  // namespace dialtone::media
