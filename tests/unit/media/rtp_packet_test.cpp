#include "media/rtp_packet.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

// RFC 3550 §5.1: V=2, P=0, X=0, CC=0, M=1, PT=0, seq 0x1234, ts 0x01020304, SSRC 0xdeadbeef.
const Bytes kMinimal = {0x80, 0x80, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04,
                        0xde, 0xad, 0xbe, 0xef, 0xaa, 0xbb, 0xcc};

TEST(RtpPacket, Rfc3550_5_1_ParsesFixedHeaderFields) {
    auto p = parse_rtp(kMinimal);
    ASSERT_TRUE(p) << p.error();
    EXPECT_TRUE(p->header.marker);
    EXPECT_EQ(p->header.payload_type, 0);
    EXPECT_EQ(p->header.sequence, 0x1234);
    EXPECT_EQ(p->header.timestamp, 0x01020304u);
    EXPECT_EQ(p->header.ssrc, 0xdeadbeefu);
    EXPECT_EQ(p->header.csrc_count, 0);
    EXPECT_FALSE(p->header.has_extension);
    EXPECT_EQ(p->padding, 0);
    EXPECT_EQ(Bytes(p->payload.begin(), p->payload.end()), (Bytes{0xaa, 0xbb, 0xcc}));
}

TEST(RtpPacket, Rfc3550_5_1_WritesTheSameBytesItParsed) {
    auto p = parse_rtp(kMinimal);
    ASSERT_TRUE(p);
    Bytes out;
    write_rtp(*p, out);
    EXPECT_EQ(out, kMinimal);
}

// §5.1 CSRC list, §5.3.1 header extension, §5.1 padding: all survive a round trip, and
// the payload is found behind them.
TEST(RtpPacket, Rfc3550_5_3_1_RoundTripWithCsrcsExtensionAndPadding) {
    const Bytes extension = {1, 2, 3, 4, 5, 6, 7, 8};
    const Bytes payload = {9, 8, 7, 6, 5};
    RtpPacket in;
    in.header.payload_type = 8;
    in.header.sequence = 65535;
    in.header.timestamp = 0xffffffff;
    in.header.ssrc = 42;
    in.header.csrc_count = 3;
    in.header.csrcs[0] = 1;
    in.header.csrcs[1] = 0x80000000;
    in.header.csrcs[2] = 3;
    in.header.has_extension = true;
    in.header.extension_profile = 0xbede;
    in.header.extension = extension;
    in.payload = payload;
    in.padding = 3;
    Bytes wire;
    write_rtp(in, wire);
    ASSERT_EQ(wire.size(), 12 + 12 + 4 + 8 + 5 + 3u);
    EXPECT_EQ(wire[0], 0x80 | 0x20 | 0x10 | 3);
    EXPECT_EQ(wire.back(), 3);  // the padding count is the last octet

    auto out = parse_rtp(wire);
    ASSERT_TRUE(out) << out.error();
    EXPECT_EQ(out->header.payload_type, 8);
    EXPECT_EQ(out->header.sequence, 65535);
    EXPECT_EQ(out->header.timestamp, 0xffffffffu);
    ASSERT_EQ(out->header.csrc_list().size(), 3u);
    EXPECT_EQ(out->header.csrc_list()[1], 0x80000000u);
    EXPECT_TRUE(out->header.has_extension);
    EXPECT_EQ(out->header.extension_profile, 0xbede);
    EXPECT_EQ(Bytes(out->header.extension.begin(), out->header.extension.end()), extension);
    EXPECT_EQ(Bytes(out->payload.begin(), out->payload.end()), payload);
    EXPECT_EQ(out->padding, 3);
}

TEST(RtpPacket, Rfc3550_A1_RejectsVersionOtherThan2) {
    for (std::uint8_t version : {0, 1, 3}) {
        Bytes b = kMinimal;
        b[0] = static_cast<std::uint8_t>((version << 6) | (b[0] & 0x3f));
        auto p = parse_rtp(b);
        ASSERT_FALSE(p) << int(version);
        EXPECT_EQ(p.error(), "RTP version is not 2");
    }
}

TEST(RtpPacket, Rfc3550_5_1_RejectsPacketShorterThanFixedHeader) {
    for (std::size_t n = 0; n < 12; ++n) {
        EXPECT_FALSE(parse_rtp(std::span(kMinimal).first(n))) << n;
    }
    // Exactly a header: an empty payload is valid.
    auto p = parse_rtp(std::span(kMinimal).first(12));
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->payload.empty());
}

TEST(RtpPacket, Rfc3550_A1_RejectsCsrcListLongerThanPacket) {
    Bytes b(kMinimal.begin(), kMinimal.begin() + 12);
    b[0] = 0x82;  // CC=2 needs 8 more octets
    b.insert(b.end(), {0, 0, 0, 1, 0, 0, 0});
    auto p = parse_rtp(b);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error(), "RTP CSRC list exceeds the packet");
    b.push_back(2);
    EXPECT_TRUE(parse_rtp(b));
}

TEST(RtpPacket, Rfc3550_5_3_1_RejectsExtensionLongerThanPacket) {
    Bytes b(kMinimal.begin(), kMinimal.begin() + 12);
    b[0] = 0x90;
    b.insert(b.end(),
             {0xbe, 0xde, 0x00, 0x02, 1, 2, 3, 4, 5, 6, 7});  // promises 2 words, has 7 octets
    auto p = parse_rtp(b);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error(), "RTP header extension exceeds the packet");
    b.push_back(8);
    auto ok = parse_rtp(b);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->header.extension.size(), 8u);
    EXPECT_TRUE(ok->payload.empty());
}

TEST(RtpPacket, Rfc3550_A1_RejectsBadPaddingCount) {
    Bytes zero = kMinimal;
    zero[0] |= 0x20;
    zero.back() = 0;
    EXPECT_EQ(parse_rtp(zero).error(), "RTP padding count is zero");

    Bytes too_long = kMinimal;
    too_long[0] |= 0x20;
    too_long.back() = 4;  // only 3 octets after the header
    EXPECT_EQ(parse_rtp(too_long).error(), "RTP padding exceeds the payload");

    Bytes all_padding = kMinimal;
    all_padding[0] |= 0x20;
    all_padding.back() = 3;
    auto p = parse_rtp(all_padding);
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->payload.empty());
}

// RFC 3550 §A.1 / RFC 5761 §4: with the marker bit these payload types read as RTCP SR..APP.
TEST(RtpPacket, Rfc5761_4_RejectsPayloadTypesThatCollideWithRtcp) {
    for (int pt = 0; pt < 128; ++pt) {
        Bytes b = kMinimal;
        b[1] = static_cast<std::uint8_t>(0x80 | pt);
        EXPECT_EQ(parse_rtp(b).ok(), pt < 72 || pt > 76) << pt;
    }
}

// Every truncation of a packet with every optional part either parses to a payload inside
// the buffer or fails with a reason: never reads outside.
TEST(RtpPacket, EveryTruncationFailsOrStaysInBounds) {
    const Bytes extension = {1, 2, 3, 4};
    const Bytes payload = {5, 6, 7, 8, 9, 10};
    RtpPacket in;
    in.header.csrc_count = 2;
    in.header.has_extension = true;
    in.header.extension = extension;
    in.payload = payload;
    in.padding = 2;
    Bytes wire;
    write_rtp(in, wire);
    for (std::size_t n = 0; n <= wire.size(); ++n) {
        Bytes cut(wire.begin(), wire.begin() + n);
        auto p = parse_rtp(cut);
        if (p) {
            EXPECT_GE(p->payload.data(), cut.data());
            EXPECT_LE(p->payload.data() + p->payload.size(), cut.data() + cut.size());
        } else {
            EXPECT_FALSE(p.error().empty());
        }
    }
}

}  // namespace
}  // namespace dialtone::media
