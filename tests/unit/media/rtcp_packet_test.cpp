#include "media/rtcp_packet.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

ReportBlock block(std::uint32_t ssrc, std::int32_t lost) {
    ReportBlock b;
    b.ssrc = ssrc;
    b.fraction_lost = 26;
    b.cumulative_lost = lost;
    b.extended_highest_sequence = 0x00012345;
    b.jitter = 77;
    b.last_sr = 0xb7052000;
    b.delay_since_last_sr = 0x00054000;
    return b;
}

Bytes wire_of(std::vector<RtcpPacket> packets) {
    Bytes out;
    write_rtcp_compound(packets, out);
    return out;
}

TEST(RtcpPacket, Rfc3550_6_4_1_SenderReportWireLayout) {
    SenderReport sr;
    sr.ssrc = 0x01020304;
    sr.sender.ntp.value = 0x0a0b0c0d'01020304ULL;
    sr.sender.rtp_timestamp = 160;
    sr.sender.packet_count = 2;
    sr.sender.octet_count = 320;
    sr.reports = {block(9, -3)};
    const Bytes w = wire_of({sr});
    ASSERT_EQ(w.size(), 4u + 4 + 20 + 24);
    EXPECT_EQ(w[0], 0x81);  // V=2, P=0, RC=1
    EXPECT_EQ(w[1], 200);
    EXPECT_EQ(w[2], 0);
    EXPECT_EQ(w[3], 12);     // length in words minus one
    EXPECT_EQ(w[8], 0x0a);   // NTP seconds, most significant octet
    EXPECT_EQ(w[12], 0x01);  // NTP fraction
    // Report block: fraction lost then 24-bit two's complement cumulative loss (-3).
    EXPECT_EQ(w[32], 26);
    EXPECT_EQ(w[33], 0xff);
    EXPECT_EQ(w[34], 0xff);
    EXPECT_EQ(w[35], 0xfd);
}

TEST(RtcpPacket, Rfc3550_6_4_1_SenderReportRoundTrip) {
    SenderReport sr;
    sr.ssrc = 77;
    sr.sender.ntp.value = 0xe0000000'80000000ULL;
    sr.sender.rtp_timestamp = 0xffffffff;
    sr.sender.packet_count = 1000;
    sr.sender.octet_count = 160000;
    sr.reports = {block(1, 0x7fffff), block(2, -0x800000)};
    auto parsed = parse_rtcp(wire_of({sr}));
    ASSERT_TRUE(parsed) << parsed.error();
    ASSERT_EQ(parsed->size(), 1u);
    const auto& out = std::get<SenderReport>((*parsed)[0]);
    EXPECT_EQ(out.ssrc, 77u);
    EXPECT_EQ(out.sender, sr.sender);
    EXPECT_EQ(out.reports, sr.reports);
}

TEST(RtcpPacket, Rfc3550_6_4_2_EmptyReceiverReportIsTwoWords) {
    const Bytes w = wire_of({ReceiverReport{0xabcdef01, {}}});
    EXPECT_EQ(w, (Bytes{0x80, 201, 0, 1, 0xab, 0xcd, 0xef, 0x01}));
    auto parsed = parse_rtcp(w);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(std::get<ReceiverReport>((*parsed)[0]).ssrc, 0xabcdef01u);
}

TEST(RtcpPacket, Rfc3550_6_4_2_ReceiverReportWithBlocksRoundTrip) {
    ReceiverReport rr{5, {block(10, 0), block(11, 12345)}};
    auto parsed = parse_rtcp(wire_of({rr}));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(std::get<ReceiverReport>((*parsed)[0]).reports, rr.reports);
}

// §6.5: a chunk is the SSRC, items, and at least one null octet up to a 32-bit boundary.
TEST(RtcpPacket, Rfc3550_6_5_SdesChunkIsNullTerminatedAndWordAligned) {
    for (std::size_t length = 0; length < 9; ++length) {
        const std::string cname(length, 'c');
        SourceDescription sdes;
        sdes.chunks.push_back(SdesChunk{0x11223344, {SdesItem{kSdesCname, cname}}});
        const Bytes w = wire_of({ReceiverReport{1, {}}, sdes});
        const std::size_t chunk = 4 + 2 + length;        // SSRC, type, length, text
        const std::size_t padded = (chunk + 4) / 4 * 4;  // at least one null octet
        ASSERT_EQ(w.size(), 8 + 4 + padded) << length;
        EXPECT_EQ(w[8 + 4 + 4], kSdesCname);
        EXPECT_EQ(w[8 + 4 + 5], length);
        for (std::size_t i = 8 + 4 + chunk; i < w.size(); ++i)
            EXPECT_EQ(w[i], 0) << length;
        auto parsed = parse_rtcp(w);
        ASSERT_TRUE(parsed) << parsed.error();
        const auto& out = std::get<SourceDescription>((*parsed)[1]);
        ASSERT_EQ(out.chunks.size(), 1u);
        EXPECT_EQ(out.chunks[0].ssrc, 0x11223344u);
        EXPECT_EQ(out.chunks[0].cname(), cname);
    }
}

TEST(RtcpPacket, Rfc3550_6_5_SeveralChunksAndItemsRoundTrip) {
    SourceDescription sdes;
    sdes.chunks.push_back(
        SdesChunk{1, {SdesItem{kSdesCname, "alice@192.0.2.1"}, SdesItem{kSdesTool, "dialtone"}}});
    sdes.chunks.push_back(SdesChunk{2, {SdesItem{kSdesName, "Bob"}}});
    auto parsed = parse_rtcp(wire_of({ReceiverReport{1, {}}, sdes}));
    ASSERT_TRUE(parsed) << parsed.error();
    const auto& out = std::get<SourceDescription>((*parsed)[1]);
    ASSERT_EQ(out.chunks.size(), 2u);
    EXPECT_EQ(out.chunks[0].cname(), "alice@192.0.2.1");
    ASSERT_EQ(out.chunks[0].items.size(), 2u);
    EXPECT_EQ(out.chunks[0].items[1].text, "dialtone");
    EXPECT_FALSE(out.chunks[1].cname());
    EXPECT_EQ(out.chunks[1].items[0].text, "Bob");
}

TEST(RtcpPacket, Rfc3550_6_6_ByeWithReasonRoundTrip) {
    const Goodbye bye{{7, 8}, "hung up"};
    const Bytes w = wire_of({ReceiverReport{7, {}}, bye});
    // BYE: header, two SSRCs, length octet + 7 octets of reason = 8, already aligned.
    EXPECT_EQ(w.size(), 8u + 4 + 8 + 8);
    auto parsed = parse_rtcp(w);
    ASSERT_TRUE(parsed) << parsed.error();
    const auto& out = std::get<Goodbye>((*parsed)[1]);
    EXPECT_EQ(out.sources, bye.sources);
    EXPECT_EQ(out.reason, "hung up");
}

TEST(RtcpPacket, Rfc3550_6_6_ByeWithoutReason) {
    auto parsed = parse_rtcp(wire_of({ReceiverReport{7, {}}, Goodbye{{7}, ""}}));
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(std::get<Goodbye>((*parsed)[1]).reason.empty());
}

// §6.1: a compound packet carries several packets; unknown types (here APP) are kept.
TEST(RtcpPacket, Rfc3550_6_1_CompoundKeepsEveryPacketInOrder) {
    SenderReport sr;
    sr.ssrc = 1;
    SourceDescription sdes;
    sdes.chunks.push_back(SdesChunk{1, {SdesItem{kSdesCname, "x"}}});
    OtherRtcp app{kRtcpApplication, 3, {'n', 'a', 'm', 'e', 1, 2, 3, 4}};
    auto parsed = parse_rtcp(wire_of({sr, sdes, app, Goodbye{{1}, ""}}));
    ASSERT_TRUE(parsed) << parsed.error();
    ASSERT_EQ(parsed->size(), 4u);
    EXPECT_TRUE(std::holds_alternative<SenderReport>((*parsed)[0]));
    EXPECT_TRUE(std::holds_alternative<SourceDescription>((*parsed)[1]));
    const auto& other = std::get<OtherRtcp>((*parsed)[2]);
    EXPECT_EQ(other.packet_type, kRtcpApplication);
    EXPECT_EQ(other.count, 3);
    EXPECT_EQ(other.body, app.body);
    EXPECT_TRUE(std::holds_alternative<Goodbye>((*parsed)[3]));
}

TEST(RtcpPacket, Rfc3550_A2_FirstPacketMustBeSrOrRr) {
    SourceDescription sdes;
    sdes.chunks.push_back(SdesChunk{1, {SdesItem{kSdesCname, "x"}}});
    auto parsed = parse_rtcp(wire_of({sdes}));
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error(), "compound RTCP does not start with SR or RR");
}

TEST(RtcpPacket, Rfc3550_A2_VersionCheckedOnEveryPacket) {
    Bytes w = wire_of({ReceiverReport{1, {}}, Goodbye{{1}, ""}});
    w[8] = static_cast<std::uint8_t>((w[8] & 0x3f) | 0x40);  // BYE says version 1
    auto parsed = parse_rtcp(w);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error(), "RTCP version is not 2");
}

TEST(RtcpPacket, Rfc3550_A2_LengthsMustAddUpToTheDatagram) {
    Bytes w = wire_of({ReceiverReport{1, {}}});
    Bytes longer = w;
    longer.insert(longer.end(), {0x80, 203, 0, 5, 0, 0, 0, 1});  // BYE claims 6 words
    EXPECT_EQ(parse_rtcp(longer).error(), "RTCP length field exceeds the datagram");
    Bytes odd = w;
    odd.push_back(0);
    EXPECT_EQ(parse_rtcp(odd).error(), "RTCP length is not a multiple of 4");
    Bytes trailing = w;
    trailing.insert(trailing.end(), {0x80, 203});
    trailing.insert(trailing.end(), {0, 0});  // 4 octets: a header claiming one word
    EXPECT_TRUE(parse_rtcp(trailing));        // an empty BYE (SC=0) is well-formed
}

TEST(RtcpPacket, Rfc3550_A2_ReportCountMustFitTheLength) {
    Bytes w = wire_of({ReceiverReport{1, {block(2, 0)}}});
    w[0] = 0x82;  // claims two report blocks
    EXPECT_EQ(parse_rtcp(w).error(), "RTCP RR report blocks exceed the packet");
}

TEST(RtcpPacket, Rfc3550_A2_PaddingOnlyOnTheLastPacket) {
    // A BYE padded with 4 octets (the last holding the count), last in the compound: fine.
    Bytes w = wire_of({ReceiverReport{1, {}}});
    w.insert(w.end(), {0xa1, 203, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4});
    auto parsed = parse_rtcp(w);
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(std::get<Goodbye>((*parsed)[1]).sources, (std::vector<std::uint32_t>{1}));

    // The same padded BYE followed by another packet: refused.
    Bytes before_last = w;
    before_last.insert(before_last.end(), {0x80, 203, 0, 0});
    EXPECT_EQ(parse_rtcp(before_last).error(), "RTCP padding before the last packet");

    // Padding on the first packet: refused by the first-packet check.
    Bytes first = wire_of({ReceiverReport{1, {}}});
    first[0] |= 0x20;
    EXPECT_EQ(parse_rtcp(first).error(), "RTCP padding on the first packet");
}

TEST(RtcpPacket, SdesWithoutNullTerminatorIsRefused) {
    Bytes w = wire_of({ReceiverReport{1, {}}});
    // SDES, one chunk: SSRC, CNAME item of 2 octets "ab", no null octet (fills 8 octets).
    w.insert(w.end(), {0x81, 202, 0, 2, 0, 0, 0, 1, 1, 2, 'a', 'b'});
    EXPECT_EQ(parse_rtcp(w).error(), "RTCP SDES chunk has no end");
}

TEST(RtcpPacket, EveryTruncationFailsOrParses) {
    SenderReport sr;
    sr.reports = {block(1, 1)};
    SourceDescription sdes;
    sdes.chunks.push_back(SdesChunk{1, {SdesItem{kSdesCname, "someone@example.test"}}});
    const Bytes w = wire_of({sr, sdes, Goodbye{{1, 2}, "bye"}});
    for (std::size_t n = 0; n <= w.size(); ++n) {
        Bytes cut(w.begin(), w.begin() + n);
        auto parsed = parse_rtcp(cut);
        if (!parsed) {
            EXPECT_FALSE(parsed.error().empty());
        }
    }
    // And with the length field of each packet altered.
    for (std::size_t at : {2u, 3u, 54u, 55u, 90u, 91u}) {
        for (int v = 0; v < 256; v += 5) {
            Bytes bad = w;
            bad[at] = static_cast<std::uint8_t>(v);
            (void)parse_rtcp(bad);
        }
    }
}

}  // namespace
}  // namespace dialtone::media
