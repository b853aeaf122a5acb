#include "media/rtp_source.hpp"

#include <gtest/gtest.h>

namespace dialtone::media {
namespace {

// A source that has come through probation with packets first, first+1.
RtpSource validated(std::uint16_t first) {
    RtpSource s(first);
    s.update_sequence(first);
    s.update_sequence(static_cast<std::uint16_t>(first + 1));
    return s;
}

TEST(RtpSource, Rfc3550_A1_ValidAfterTwoSequentialPackets) {
    RtpSource s(1000);
    EXPECT_EQ(s.update_sequence(1000), SequenceVerdict::Probation);
    EXPECT_FALSE(s.valid());
    EXPECT_EQ(s.update_sequence(1001), SequenceVerdict::Valid);
    EXPECT_TRUE(s.valid());
    // §A.1: the packet that ends probation is the first counted; base_seq is its number.
    EXPECT_EQ(s.received(), 1u);
    EXPECT_EQ(s.expected(), 1);
    EXPECT_EQ(s.extended_max(), 1001u);
}

TEST(RtpSource, Rfc3550_A1_ProbationStartsOverOnAnOutOfSequencePacket) {
    RtpSource s(1000);
    EXPECT_EQ(s.update_sequence(1000), SequenceVerdict::Probation);
    EXPECT_EQ(s.update_sequence(1005), SequenceVerdict::Probation);  // not 1001: start again
    EXPECT_FALSE(s.valid());
    EXPECT_EQ(s.update_sequence(1006), SequenceVerdict::Valid);
    EXPECT_EQ(s.extended_max(), 1006u);
}

TEST(RtpSource, Rfc3550_A1_WrapAroundCountsACycle) {
    RtpSource s = validated(65534);
    EXPECT_EQ(s.update_sequence(0), SequenceVerdict::Valid);
    EXPECT_EQ(s.update_sequence(1), SequenceVerdict::Valid);
    EXPECT_EQ(s.extended_max(), 65536u + 1u);
    EXPECT_EQ(s.expected(), 3);  // 65535, 0, 1
    EXPECT_EQ(s.cumulative_lost(), 0);
}

// A packet from just before the wrap, arriving after it, does not count another cycle.
TEST(RtpSource, Rfc3550_A1_MisorderedPacketAcrossWrapDoesNotCountACycle) {
    RtpSource s = validated(65533);
    EXPECT_EQ(s.update_sequence(0), SequenceVerdict::Valid);  // 65535 missing so far
    EXPECT_EQ(s.update_sequence(65535), SequenceVerdict::Valid);
    EXPECT_EQ(s.extended_max(), 65536u);
    EXPECT_EQ(s.cumulative_lost(), 0);
}

TEST(RtpSource, Rfc3550_A1_LargeJumpRejectedUntilTwoSequentialPacketsRestart) {
    RtpSource s = validated(100);
    EXPECT_EQ(s.update_sequence(102), SequenceVerdict::Valid);
    EXPECT_EQ(s.update_sequence(40000), SequenceVerdict::Rejected);
    EXPECT_EQ(s.update_sequence(103), SequenceVerdict::Valid);  // the stream goes on
    EXPECT_EQ(s.update_sequence(50000), SequenceVerdict::Rejected);
    // The other side restarted: two in sequence after the jump resynchronize.
    EXPECT_EQ(s.update_sequence(50001), SequenceVerdict::Valid);
    EXPECT_EQ(s.update_sequence(50002), SequenceVerdict::Valid);
    EXPECT_EQ(s.extended_max(), 50002u);
    EXPECT_EQ(s.expected(), 2);
    EXPECT_EQ(s.received(), 2u);
}

TEST(RtpSource, Rfc3550_A1_GapBelowMaxDropoutIsAccepted) {
    RtpSource s = validated(100);
    EXPECT_EQ(s.update_sequence(101 + RtpSource::kMaxDropout - 1), SequenceVerdict::Valid);
    EXPECT_EQ(s.cumulative_lost(), RtpSource::kMaxDropout - 2);
}

// §A.3: duplicates count as received, so the loss can go negative.
TEST(RtpSource, Rfc3550_A3_DuplicatesMakeLossNegative) {
    RtpSource s = validated(10);  // 11 counted
    EXPECT_EQ(s.update_sequence(12), SequenceVerdict::Valid);
    EXPECT_EQ(s.update_sequence(12), SequenceVerdict::Valid);
    EXPECT_EQ(s.cumulative_lost(), -1);
    const ReceptionFigures f = s.take_report();
    EXPECT_EQ(f.cumulative_lost, -1);
    EXPECT_EQ(f.fraction_lost, 0);  // §A.3: a negative interval loss reports 0
}

TEST(RtpSource, Rfc3550_A3_CumulativeAndFractionLost) {
    RtpSource s = validated(0);  // base 1
    for (std::uint16_t seq = 2; seq <= 100; ++seq) {
        if (seq % 10 != 0) s.update_sequence(seq);  // 10, 20, ..., 100 lost (100 never came)
    }
    // Highest is 99: expected 99 (1..99), 9 lost (10..90).
    EXPECT_EQ(s.expected(), 99);
    const ReceptionFigures f = s.take_report();
    EXPECT_EQ(f.cumulative_lost, 9);
    EXPECT_EQ(f.extended_highest_sequence, 99u);
    EXPECT_EQ(f.fraction_lost, 9 * 256 / 99);
}

TEST(RtpSource, Rfc3550_A3_FractionLostCoversOnlyTheLastInterval) {
    RtpSource s = validated(0);
    for (std::uint16_t seq = 2; seq <= 50; ++seq) {
        if (seq % 2 == 0) s.update_sequence(seq);  // half lost
    }
    EXPECT_GT(s.take_report().fraction_lost, 100);
    for (std::uint16_t seq = 51; seq <= 100; ++seq)
        s.update_sequence(seq);  // none lost
    const ReceptionFigures f = s.take_report();
    EXPECT_EQ(f.fraction_lost, 0);
    EXPECT_EQ(f.cumulative_lost, 24);  // 3, 5, ..., 49
}

// §6.4.1: the cumulative count is 24 bits signed; larger losses are clamped, not wrapped.
TEST(RtpSource, Rfc3550_6_4_1_CumulativeLostClampsTo24Bits) {
    RtpSource s = validated(0);
    std::uint16_t seq = 1;
    for (int i = 0; i < 3000; ++i) {
        seq = static_cast<std::uint16_t>(seq + RtpSource::kMaxDropout - 1);
        ASSERT_EQ(s.update_sequence(seq), SequenceVerdict::Valid);
    }
    EXPECT_GT(s.cumulative_lost(), 0x7fffff);
    EXPECT_EQ(s.take_report().cumulative_lost, 0x7fffff);
}

TEST(RtpSource, Rfc3550_A8_JitterIsZeroForEvenlySpacedArrivals) {
    RtpSource s = validated(0);
    for (std::uint32_t i = 0; i < 100; ++i)
        s.update_jitter(160 * i, 12345 + 160 * i);
    EXPECT_EQ(s.jitter(), 0u);
}

// §A.8: J += (|D| - J) / 16. When every packet's transit differs from the previous one's
// by 80 units, J converges to 80.
TEST(RtpSource, Rfc3550_A8_JitterConvergesToTheMeanTransitDifference) {
    RtpSource s = validated(0);
    for (std::uint32_t i = 0; i < 400; ++i) {
        const std::uint32_t extra = (i % 2) ? 80 : 0;
        s.update_jitter(160 * i, 160 * i + extra);
    }
    EXPECT_NEAR(s.jitter(), 80.0, 1.0);
}

// The first step follows the formula exactly: J = |D| / 16.
TEST(RtpSource, Rfc3550_A8_FirstUpdateIsOneSixteenthOfTheDifference) {
    RtpSource s = validated(0);
    s.update_jitter(0, 1000);
    s.update_jitter(160, 1000 + 160 + 320);
    EXPECT_EQ(s.jitter(), 320u / 16);
}

TEST(RtpSource, Rfc3550_A8_JitterUnaffectedByTimestampAndClockWrap) {
    RtpSource s = validated(0);
    std::uint32_t ts = 0xffffff00;
    std::uint32_t arrival = 0xfffffff0;
    for (int i = 0; i < 50; ++i) {
        s.update_jitter(ts, arrival);
        ts += 160;
        arrival += 160;
    }
    EXPECT_EQ(s.jitter(), 0u);
}

}  // namespace
}  // namespace dialtone::media
