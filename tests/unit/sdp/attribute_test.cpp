// The typed readers offer/answer relies on: rtpmap and RFC 3551 static payload types,
// fmtp, ptime/maxptime, rtcp (RFC 3605), direction, telephone-event lists (RFC 4733).

#include <gtest/gtest.h>

#include "dialtone/sip/sdp/attribute_values.hpp"
#include "dialtone/sip/sdp/capabilities.hpp"
#include "dialtone/sip/sdp/direction.hpp"
#include "dialtone/sip/sdp/event_set.hpp"
#include "dialtone/sip/sdp/rtpmap.hpp"
#include "dialtone/sip/sdp/session_description.hpp"
#include "sdp_samples.hpp"

namespace dialtone::sdp {
namespace {

// RFC 4566 §6 rtpmap: <payload type> <encoding name>/<clock rate>[/<encoding parameters>].
TEST(SdpRtpMap, Rfc4566_6_Rtpmap) {
    const auto opus = parse_rtpmap("96 opus/48000/2");
    ASSERT_TRUE(opus.has_value());
    EXPECT_EQ(opus->payload_type, 96);
    EXPECT_EQ(opus->encoding_name, "opus");
    EXPECT_EQ(opus->clock_rate, 48000u);
    EXPECT_EQ(opus->channels(), 2u);
    EXPECT_EQ(opus->encoding(), "opus/48000/2");
    const auto pcmu = parse_rtpmap(" 0  PCMU/8000 ");  // spaces tolerated
    ASSERT_TRUE(pcmu.has_value());
    EXPECT_EQ(pcmu->channels(), 1u);  // absent means one channel
    EXPECT_FALSE(pcmu->encoding_parameters.has_value());
    for (std::string_view bad : {"", "96", "96 opus", "96 opus/", "96 opus/0", "128 opus/48000",
                                 "96 opus/48000/", "96 opus/48000/0", "96 opus/48000/2/1",
                                 "96 /8000", "x opus/48000", "96 opus/48000 extra"}) {
        EXPECT_FALSE(parse_rtpmap(bad).has_value()) << bad;
    }
}

// RFC 4855 §3: encoding names are case-insensitive; the payload number does not matter.
TEST(SdpRtpMap, Rfc4855_3_SameCodecIgnoresCaseAndNumber) {
    const RtpMap a{97, "iLBC", 8000, {}};
    EXPECT_TRUE(a.same_codec(RtpMap{99, "ILBC", 8000, {}}));
    EXPECT_TRUE(a.same_codec(RtpMap{99, "ilbc", 8000, 1}));  // "/1" is one channel
    EXPECT_FALSE(a.same_codec(RtpMap{97, "iLBC", 16000, {}}));
    EXPECT_FALSE(a.same_codec(RtpMap{97, "iLBC", 8000, 2}));
    EXPECT_FALSE(a.same_codec(RtpMap{97, "speex", 8000, {}}));
}

// RFC 3551 §6 Tables 4 and 5: static payload types need no rtpmap.
TEST(SdpRtpMap, Rfc3551_6_StaticPayloadTypes) {
    auto check = [](std::uint8_t pt, std::string_view name, std::uint32_t rate,
                    std::uint32_t channels) {
        const auto m = static_payload_type(pt);
        ASSERT_TRUE(m.has_value()) << int(pt);
        EXPECT_EQ(m->payload_type, pt);
        EXPECT_EQ(m->encoding_name, name);
        EXPECT_EQ(m->clock_rate, rate);
        EXPECT_EQ(m->channels(), channels);
    };
    check(0, "PCMU", 8000, 1);
    check(3, "GSM", 8000, 1);
    check(4, "G723", 8000, 1);
    check(8, "PCMA", 8000, 1);
    check(9, "G722", 8000, 1);  // §4.5.2: 8000 although it samples at 16 kHz
    check(10, "L16", 44100, 2);
    check(13, "CN", 8000, 1);
    check(18, "G729", 8000, 1);
    check(31, "H261", 90000, 1);
    check(34, "H263", 90000, 1);
    for (std::uint8_t pt : {1, 2, 19, 20, 24, 27, 35, 72, 95, 96, 101, 127})
        EXPECT_FALSE(static_payload_type(pt).has_value()) << int(pt);
    const auto g729 = static_codec(18);
    ASSERT_TRUE(g729.has_value());
    EXPECT_EQ(*g729, (Codec{"G729", 8000, 1, 18, {}}));
    EXPECT_FALSE(static_codec(96).has_value());
}

// A media section: the rtpmap if present, the static table otherwise (RFC 3551 §6).
TEST(SdpRtpMap, Rfc3551_6_CodecFallsBackToStaticTable) {
    const auto sdp = SessionDescription::parse(test::kLinphoneOffer);
    ASSERT_TRUE(sdp.ok());
    const MediaDescription& m = sdp->media[0];
    EXPECT_TRUE(m.is_rtp());
    EXPECT_EQ(m.payload_types(), (std::vector<std::uint8_t>{96, 97, 98, 0, 8, 18, 101, 99, 100}));
    EXPECT_FALSE(m.rtpmap(18).has_value());  // Linphone writes fmtp but no rtpmap for 18
    ASSERT_TRUE(m.codec(18).has_value());
    EXPECT_EQ(m.codec(18)->encoding_name, "G729");
    EXPECT_EQ(m.codec(100)->encoding(), "telephone-event/8000");
    EXPECT_FALSE(m.codec(120).has_value());
    EXPECT_EQ(m.fmtp("18"), "annexb=yes");
    EXPECT_EQ(m.fmtp("96"), "useinbandfec=1");
    EXPECT_FALSE(m.fmtp("0").has_value());
}

TEST(SdpRtpMap, PayloadTypeOfFormat) {
    EXPECT_EQ(parse_payload_type("0"), 0);
    EXPECT_EQ(parse_payload_type("127"), 127);
    EXPECT_FALSE(parse_payload_type("128").has_value());
    EXPECT_FALSE(parse_payload_type("t38").has_value());
    EXPECT_FALSE(parse_payload_type("").has_value());
}

// RFC 4566 §5.14: which protos are RTP profiles.
TEST(SdpMedia, Rfc4566_5_14_RtpProtocols) {
    auto rtp = [](std::string proto) {
        MediaDescription m;
        m.proto = std::move(proto);
        return m.is_rtp();
    };
    EXPECT_TRUE(rtp("RTP/AVP"));
    EXPECT_TRUE(rtp("RTP/SAVP"));
    EXPECT_TRUE(rtp("RTP/AVPF"));
    EXPECT_TRUE(rtp("UDP/TLS/RTP/SAVPF"));
    EXPECT_TRUE(rtp("TCP/RTP/AVP"));
    EXPECT_TRUE(rtp("rtp/avp"));
    EXPECT_FALSE(rtp("udptl"));
    EXPECT_FALSE(rtp("TCP/MSRP"));
    EXPECT_FALSE(rtp("XRTP/AVP"));
}

// RFC 4566 §6 fmtp:<format> <format specific parameters>.
TEST(SdpAttributes, Rfc4566_6_Fmtp) {
    const auto f = parse_fmtp("101 0-16");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->format, "101");
    EXPECT_EQ(f->parameters, "0-16");
    const auto spaced = parse_fmtp("96 profile-level-id=42e01f; packetization-mode=1 ");
    ASSERT_TRUE(spaced.has_value());
    EXPECT_EQ(spaced->parameters, "profile-level-id=42e01f; packetization-mode=1");
    ASSERT_TRUE(parse_fmtp("101").has_value());  // lenient: no parameters
    EXPECT_EQ(parse_fmtp("101")->parameters, "");
    EXPECT_FALSE(parse_fmtp("").has_value());
    EXPECT_FALSE(parse_fmtp(" ").has_value());
}

// RFC 4566 §6 ptime / maxptime, in milliseconds.
TEST(SdpAttributes, Rfc4566_6_PacketTime) {
    EXPECT_EQ(parse_packet_time("20"), 20u);
    EXPECT_EQ(parse_packet_time(" 30 "), 30u);
    EXPECT_EQ(parse_packet_time("20.0"), 20u);  // lenient: a fraction is cut off
    EXPECT_FALSE(parse_packet_time("0").has_value());
    EXPECT_FALSE(parse_packet_time("").has_value());
    EXPECT_FALSE(parse_packet_time("20ms").has_value());
    EXPECT_FALSE(parse_packet_time("20.x").has_value());
    const auto sdp = SessionDescription::parse(test::kAsteriskOffer);
    ASSERT_TRUE(sdp.ok());
    EXPECT_EQ(sdp->media[0].ptime(), 20u);
    EXPECT_EQ(sdp->media[0].maxptime(), 150u);
}

// RFC 3605 §2.1: a=rtcp:<port> [<nettype> <addrtype> <connection-address>].
TEST(SdpAttributes, Rfc3605_2_1_Rtcp) {
    const auto port_only = parse_rtcp("53020");
    ASSERT_TRUE(port_only.has_value());
    EXPECT_EQ(port_only->port, 53020);
    EXPECT_FALSE(port_only->address.has_value());
    const auto full = parse_rtcp("53020 IN IP4 126.16.64.4");
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->address, (Connection{"IN", "IP4", "126.16.64.4"}));
    const auto v6 = parse_rtcp("53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD");
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->address->addrtype, "IP6");
    for (std::string_view bad : {"", "x", "65536", "53020 IN", "53020 IN IP4", "1 2 3 4 5"})
        EXPECT_FALSE(parse_rtcp(bad).has_value()) << bad;
    const auto sdp = SessionDescription::parse(test::kWebRtcOffer);
    ASSERT_TRUE(sdp.ok());
    EXPECT_EQ(sdp->media[0].rtcp(), (RtcpAttribute{9, Connection{"IN", "IP6", "2001:db8::1"}}));
    EXPECT_FALSE(sdp->media[1].rtcp().has_value());
}

// RFC 4566 §6 direction attributes and the RFC 3264 §6.1 / §8.4 arithmetic on them.
TEST(SdpDirection, Rfc4566_6_Names) {
    EXPECT_EQ(parse_direction("sendrecv"), Direction::SendRecv);
    EXPECT_EQ(parse_direction("sendonly"), Direction::SendOnly);
    EXPECT_EQ(parse_direction("recvonly"), Direction::RecvOnly);
    EXPECT_EQ(parse_direction("inactive"), Direction::Inactive);
    EXPECT_EQ(parse_direction("SendOnly"), Direction::SendOnly);  // lenient on case
    EXPECT_FALSE(parse_direction("sendrecv2").has_value());
    EXPECT_FALSE(parse_direction("rtpmap").has_value());
    for (Direction d :
         {Direction::SendRecv, Direction::SendOnly, Direction::RecvOnly, Direction::Inactive})
        EXPECT_EQ(parse_direction(direction_name(d)), d);
}

TEST(SdpDirection, Rfc3264_6_1_ReverseAndIntersect) {
    EXPECT_EQ(reverse(Direction::SendOnly), Direction::RecvOnly);
    EXPECT_EQ(reverse(Direction::RecvOnly), Direction::SendOnly);
    EXPECT_EQ(reverse(Direction::SendRecv), Direction::SendRecv);
    EXPECT_EQ(reverse(Direction::Inactive), Direction::Inactive);
    EXPECT_EQ(intersect(Direction::SendRecv, Direction::RecvOnly), Direction::RecvOnly);
    EXPECT_EQ(intersect(Direction::SendOnly, Direction::RecvOnly), Direction::Inactive);
    EXPECT_EQ(intersect(Direction::SendOnly, Direction::SendRecv), Direction::SendOnly);
}

// RFC 3264 §8.4: sendrecv is held as sendonly, recvonly as inactive.
TEST(SdpDirection, Rfc3264_8_4_Hold) {
    EXPECT_EQ(hold(Direction::SendRecv), Direction::SendOnly);
    EXPECT_EQ(hold(Direction::RecvOnly), Direction::Inactive);
    EXPECT_EQ(hold(Direction::SendOnly), Direction::SendOnly);
    EXPECT_EQ(hold(Direction::Inactive), Direction::Inactive);
}

// RFC 4733 §2.4.1: the events list of telephone-event's fmtp.
TEST(SdpEvents, Rfc4733_2_4_1_EventLists) {
    const auto dtmf_flash = EventSet::parse("0-16");
    ASSERT_TRUE(dtmf_flash.has_value());
    EXPECT_TRUE(dtmf_flash->contains(0));
    EXPECT_TRUE(dtmf_flash->contains(16));
    EXPECT_FALSE(dtmf_flash->contains(17));
    EXPECT_EQ(dtmf_flash->to_string(), "0-16");
    const auto mixed = EventSet::parse("0-15, 66,70,32-36");
    ASSERT_TRUE(mixed.has_value());
    EXPECT_EQ(mixed->to_string(), "0-15,32-36,66,70");
    EXPECT_EQ(EventSet::parse("5")->to_string(), "5");
    EXPECT_EQ(EventSet::parse("255")->to_string(), "255");
    for (std::string_view bad : {"", "256", "5-3", "0-", "-5", "0,,1", "a-b", "0-15;16"})
        EXPECT_FALSE(EventSet::parse(bad).has_value()) << bad;
    EXPECT_EQ(EventSet::dtmf().to_string(), "0-15");
    EXPECT_TRUE(EventSet::range(0, 16).covers(EventSet::dtmf()));
    EXPECT_FALSE(EventSet::dtmf().covers(EventSet::range(0, 16)));
    EXPECT_EQ(mixed->intersect(EventSet::range(10, 40)).to_string(), "10-15,32-36");
    EXPECT_TRUE(EventSet::range(0, 5).intersect(EventSet::range(6, 9)).empty());
    EXPECT_EQ(EventSet().to_string(), "");
}

}  // namespace
}  // namespace dialtone::sdp
