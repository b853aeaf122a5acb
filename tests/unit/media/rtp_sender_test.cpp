#include "media/rtp_sender.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

RtpPacket parsed(const Bytes& wire) {
    auto p = parse_rtp(wire);
    EXPECT_TRUE(p) << (p ? "" : p.error());
    return p ? *p : RtpPacket{};
}

// RFC 3550 §5.1 (random initial sequence number and timestamp) and §8.1 (random SSRC):
// the values come from the injected source, so the same seed repeats them and others do not.
TEST(RtpSender, Rfc3550_5_1_InitialValuesComeFromTheRandomSource) {
    const RtpSender a = RtpSender::random_start(test::seeded_random(1));
    const RtpSender b = RtpSender::random_start(test::seeded_random(1));
    EXPECT_EQ(a.ssrc(), b.ssrc());
    EXPECT_EQ(a.next_sequence(), b.next_sequence());
    EXPECT_EQ(a.timestamp(), b.timestamp());

    std::set<std::uint32_t> ssrcs, timestamps;
    std::set<std::uint16_t> sequences;
    for (std::uint32_t seed = 0; seed < 20; ++seed) {
        const RtpSender s = RtpSender::random_start(test::seeded_random(seed));
        ssrcs.insert(s.ssrc());
        sequences.insert(s.next_sequence());
        timestamps.insert(s.timestamp());
    }
    EXPECT_EQ(ssrcs.size(), 20u);
    EXPECT_GT(sequences.size(), 15u);
    EXPECT_EQ(timestamps.size(), 20u);
}

TEST(RtpSender, Rfc3550_5_1_SequenceAddsOneTimestampAddsSamples) {
    RtpSender s(7, 100, 5000);
    const Bytes payload(160, 0xff);
    for (int i = 0; i < 3; ++i) {
        Bytes wire;
        s.write_frame(0, payload, 160, false, wire);
        const RtpPacket p = parsed(wire);
        EXPECT_EQ(p.header.ssrc, 7u);
        EXPECT_EQ(p.header.sequence, 100 + i);
        EXPECT_EQ(p.header.timestamp, 5000u + 160u * i);
        EXPECT_EQ(p.payload.size(), 160u);
    }
    EXPECT_EQ(s.timestamp(), 5000u + 480u);
}

// RFC 3551 §4.1: the marker marks the first packet of a talkspurt; the stream's first
// packet starts one.
TEST(RtpSender, Rfc3551_4_1_MarkerOnFirstPacketAndEachTalkspurtStart) {
    RtpSender s(1, 0, 0);
    const Bytes payload(160, 0xff);
    std::vector<bool> markers;
    for (bool start : {false, false, false, true, false}) {
        Bytes wire;
        s.write_frame(0, payload, 160, start, wire);
        markers.push_back(parsed(wire).header.marker);
    }
    EXPECT_EQ(markers, (std::vector<bool>{true, false, false, true, false}));
}

TEST(RtpSender, Rfc3550_5_1_SequenceAndTimestampWrapModulo) {
    RtpSender s(1, 65535, 0xffffff00);
    const Bytes payload(160, 0);
    Bytes w1, w2;
    s.write_frame(0, payload, 0x100, false, w1);
    s.write_frame(0, payload, 0x100, false, w2);
    EXPECT_EQ(parsed(w1).header.sequence, 65535);
    EXPECT_EQ(parsed(w2).header.sequence, 0);
    EXPECT_EQ(parsed(w2).header.timestamp, 0u);
}

// Silence suppression: the clock runs on while nothing is sent, so the next talkspurt's
// timestamp shows the gap and its sequence number shows no loss.
TEST(RtpSender, SkipAdvancesTimestampWithoutUsingASequenceNumber) {
    RtpSender s(1, 10, 0);
    const Bytes payload(160, 0);
    Bytes w1, w2;
    s.write_frame(0, payload, 160, false, w1);
    s.skip(800);
    s.write_frame(0, payload, 160, true, w2);
    EXPECT_EQ(parsed(w2).header.sequence, 11);
    EXPECT_EQ(parsed(w2).header.timestamp, 960u);
    EXPECT_TRUE(parsed(w2).header.marker);
}

TEST(RtpSender, WritePacketUsesCallerTimestampAndLeavesAudioClock) {
    RtpSender s(1, 10, 1000);
    const Bytes event = {1, 0x0a, 0, 160};
    Bytes wire;
    s.write_packet(101, 777, true, event, wire);
    const RtpPacket p = parsed(wire);
    EXPECT_EQ(p.header.payload_type, 101);
    EXPECT_EQ(p.header.timestamp, 777u);
    EXPECT_TRUE(p.header.marker);
    EXPECT_EQ(p.header.sequence, 10);
    EXPECT_EQ(s.next_sequence(), 11);
    EXPECT_EQ(s.timestamp(), 1000u);
}

// RFC 3550 §6.4.1: the sender's octet count is payload only, no header or padding.
TEST(RtpSender, Rfc3550_6_4_1_CountsPacketsAndPayloadOctets) {
    RtpSender s(1, 0, 0);
    Bytes wire;
    s.write_frame(0, Bytes(160, 0), 160, false, wire);
    s.write_packet(101, 0, false, Bytes(4, 0), wire);
    EXPECT_EQ(s.packets_sent(), 2u);
    EXPECT_EQ(s.octets_sent(), 164u);
}

}  // namespace
}  // namespace dialtone::media
