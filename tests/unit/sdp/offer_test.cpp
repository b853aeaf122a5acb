// make_offer (RFC 3264 §5) and make_reoffer (§8): layout, versions, hold and resume,
// adding and removing streams.

#include <gtest/gtest.h>

#include "oa_fixture.hpp"

namespace dialtone::sdp {
namespace {

using test::crlf;
using test::phone_caps;
using test::sdp_of;

// RFC 3264 §5: the initial offer; rtpmap for static types too (§6.1 SHOULD), the events
// of telephone-event in an fmtp (RFC 4733 §2.4.1), ptime (RFC 4566 §6).
TEST(SdpOffer, Rfc3264_5_InitialOffer) {
    const SessionDescription offer = make_offer(phone_caps(), {1700000000, 1700000000});
    EXPECT_EQ(offer.to_string(), crlf(R"(v=0
o=dialtone 1700000000 1700000000 IN IP4 192.0.2.10
s=-
c=IN IP4 192.0.2.10
t=0 0
m=audio 40000 RTP/AVP 111 0 8 101
a=rtpmap:111 opus/48000/2
a=fmtp:111 useinbandfec=1
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
)"));
    // What we write, we read back the same.
    EXPECT_EQ(sdp_of(offer.to_string()), offer);
}

// RFC 3605 §2.1: a=rtcp only when RTCP is not on RTP port + 1; a stream address that is
// not the session's gets its own c= (RFC 4566 §5.7); IPv6 addresses are IP6.
TEST(SdpOffer, Rfc3605_2_1_RtcpPortAndStreamAddress) {
    MediaCapabilities caps = phone_caps();
    caps.address = "2001:db8::10";
    caps.streams[0].rtcp_port = 40001;
    StreamCapabilities video;
    video.media = "video";
    video.codecs = {test::codec("H264", 90000, 96, 1, "packetization-mode=1")};
    video.address = "2001:db8::20";
    video.port = 40002;
    video.rtcp_port = 40010;
    caps.streams.push_back(video);
    const SessionDescription offer = make_offer(caps, {1, 1});
    EXPECT_EQ(offer.origin.addrtype, "IP6");
    EXPECT_EQ(offer.connection, (Connection{"IN", "IP6", "2001:db8::10"}));
    EXPECT_FALSE(offer.media[0].rtcp().has_value());
    EXPECT_TRUE(offer.media[0].connections.empty());
    EXPECT_EQ(offer.media[1].rtcp(), (RtcpAttribute{40010, {}}));
    EXPECT_EQ(offer.media[1].connections, (std::vector<Connection>{{"IN", "IP6", "2001:db8::20"}}));
    EXPECT_EQ(offer.media[1].fmtp("96"), "packetization-mode=1");
}

// RFC 3264 §5.1: sendrecv is the default and is not written, unless asked.
TEST(SdpOffer, Rfc3264_5_1_DirectionAttributes) {
    MediaCapabilities caps = phone_caps();
    EXPECT_FALSE(make_offer(caps, {1, 1}).media[0].direction().has_value());
    caps.write_sendrecv = true;
    EXPECT_EQ(make_offer(caps, {1, 1}).media[0].direction(), Direction::SendRecv);
    caps.streams[0].direction = Direction::RecvOnly;
    EXPECT_EQ(make_offer(caps, {1, 1}).media[0].direction(), Direction::RecvOnly);
}

// RFC 3264 §8.2: a disabled stream is written with port 0; RFC 4566 wants a format.
TEST(SdpOffer, Rfc3264_8_2_DisabledStreamHasPortZero) {
    MediaCapabilities caps = phone_caps();
    StreamCapabilities video;
    video.media = "video";
    caps.streams.push_back(video);
    const SessionDescription offer = make_offer(caps, {1, 1});
    ASSERT_EQ(offer.media.size(), 2u);
    EXPECT_TRUE(offer.media[1].rejected());
    EXPECT_EQ(offer.media[1].formats, std::vector<std::string>{"0"});
    EXPECT_TRUE(SessionDescription::parse(offer.to_string()).ok());
}

// RFC 3264 §8: the same o= line, the version one higher when anything changed, the same
// version when nothing did.
TEST(SdpReoffer, Rfc3264_8_VersionGoesUpOnlyOnChange) {
    MediaCapabilities caps = phone_caps();
    const SessionDescription first = make_offer(caps, {1700000000, 7});
    const SessionDescription same = make_reoffer(first, caps);
    EXPECT_EQ(same, first);
    EXPECT_EQ(same.origin.session_version, "7");
    caps.streams[0].codecs.pop_back();  // drop PCMA
    const SessionDescription changed = make_reoffer(first, caps);
    EXPECT_EQ(changed.origin.session_version, "8");
    EXPECT_EQ(changed.origin.session_id, "1700000000");
    EXPECT_EQ(changed.origin.username, first.origin.username);
    EXPECT_EQ(test::fmt_list(changed.media[0]), "111 0 101");
    EXPECT_EQ(compare_revision(first, changed), Revision::Changed);
    EXPECT_EQ(compare_revision(first, same), Revision::Unchanged);
}

// The version is a digit string of any length (RFC 4566 §5.2 suggests NTP time).
TEST(SdpReoffer, Rfc3264_8_VersionIncrementCarries) {
    MediaCapabilities caps = phone_caps();
    SessionDescription previous = make_offer(caps, {1, 1});
    previous.origin.session_version = "99999999999999999999";
    caps.streams[0].port = 40100;
    EXPECT_EQ(make_reoffer(previous, caps).origin.session_version, "100000000000000000000");
    previous.origin.session_version = "0";
    EXPECT_EQ(make_reoffer(previous, caps).origin.session_version, "1");
}

// RFC 3264 §8.4: hold marks a sendrecv stream sendonly; resume goes back to sendrecv
// (the default, so no attribute), each step a new version.
TEST(SdpReoffer, Rfc3264_8_4_HoldThenResume) {
    const MediaCapabilities caps = phone_caps();
    const SessionDescription initial = make_offer(caps, {42, 1});
    const SessionDescription held = make_reoffer(initial, caps, {.hold = true});
    EXPECT_EQ(held.media[0].direction(), Direction::SendOnly);
    EXPECT_EQ(held.origin.session_version, "2");
    // Holding again changes nothing: same SDP, same version.
    EXPECT_EQ(make_reoffer(held, caps, {.hold = true}), held);
    const SessionDescription resumed = make_reoffer(held, caps);
    EXPECT_FALSE(resumed.media[0].direction().has_value());
    EXPECT_EQ(resumed.media_direction(0), Direction::SendRecv);
    EXPECT_EQ(resumed.origin.session_version, "3");
    // Apart from the version, resuming gives back the initial offer.
    SessionDescription expected = initial;
    expected.origin.session_version = "3";
    EXPECT_EQ(resumed, expected);
}

// RFC 3264 §8.4: a stream the peer already holds (our previous SDP was recvonly) is held
// by marking it inactive.
TEST(SdpReoffer, Rfc3264_8_4_HoldWhilePeerHoldsUsIsInactive) {
    const MediaCapabilities caps = phone_caps();
    // The peer held us: its offer was sendonly, our answer recvonly.
    const SessionDescription their_hold = test::peer_offer("m=audio 30000 RTP/AVP 0\na=sendonly\n");
    const auto answer = make_answer(their_hold, caps, {.session_id = 9, .session_version = 9});
    ASSERT_TRUE(answer.ok()) << test::error_text(answer);
    EXPECT_EQ(answer->sdp.media[0].direction(), Direction::RecvOnly);
    const SessionDescription our_hold = make_reoffer(answer->sdp, caps, {.hold = true});
    EXPECT_EQ(our_hold.media[0].direction(), Direction::Inactive);
    EXPECT_EQ(our_hold.origin.session_version, "10");
}

// Same rule from the negotiated state: the peer answered our offer with sendonly (it holds
// us), our previous SDP still says sendrecv; holding must give inactive.
TEST(SdpReoffer, Rfc3264_8_4_HoldUsesTheNegotiatedDirection) {
    const MediaCapabilities caps = phone_caps();
    const SessionDescription offer = make_offer(caps, {1, 1});
    const SessionDescription peer_answer =
        sdp_of(crlf("v=0\no=peer 2 2 IN IP4 198.51.100.5\ns=-\nc=IN IP4 198.51.100.5\nt=0 0\n"
                    "m=audio 30000 RTP/AVP 0\na=sendonly\n"));
    const auto current = apply_answer(offer, peer_answer);
    ASSERT_TRUE(current.ok()) << test::error_text(current);
    EXPECT_EQ(current->streams[0].direction, Direction::RecvOnly);
    EXPECT_EQ(make_reoffer(offer, caps, {.hold = true}).media[0].direction(), Direction::SendOnly);
    EXPECT_EQ(make_reoffer(offer, caps, {.hold = true, .current = &*current}).media[0].direction(),
              Direction::Inactive);
}

// Hold one stream of two (RFC 4317 §3.2 holds the audio but not the tone stream).
TEST(SdpReoffer, Rfc3264_8_4_HoldOneStream) {
    MediaCapabilities caps = phone_caps();
    StreamCapabilities second = caps.streams[0];
    second.port = 40002;
    caps.streams.push_back(second);
    const SessionDescription initial = make_offer(caps, {1, 1});
    const SessionDescription held = make_reoffer(initial, caps, {.hold_streams = {1}});
    EXPECT_FALSE(held.media[0].direction().has_value());
    EXPECT_EQ(held.media[1].direction(), Direction::SendOnly);
}

// RFC 3264 §8.2: removing a stream keeps its m= line with port 0, the first format and its
// rtpmap (as RFC 4317 §2.2 and §4.3 write it).
TEST(SdpReoffer, Rfc3264_8_2_RemoveStream) {
    MediaCapabilities caps = phone_caps();
    StreamCapabilities video;
    video.media = "video";
    video.codecs = {test::codec("H264", 90000, 96), test::codec("VP8", 90000, 97)};
    video.port = 40002;
    caps.streams.push_back(video);
    const SessionDescription initial = make_offer(caps, {1, 1});
    caps.streams[1].port = 0;
    const SessionDescription removed = make_reoffer(initial, caps);
    ASSERT_EQ(removed.media.size(), 2u);
    EXPECT_EQ(removed.origin.session_version, "2");
    EXPECT_EQ(removed.media[1].port, 0);
    EXPECT_EQ(removed.media[1].formats, std::vector<std::string>{"96"});
    EXPECT_EQ(removed.media[1].attributes,
              std::vector<Attribute>{Attribute::with_value("rtpmap", "96 H264/90000")});
    // Also when the capability disappears altogether: §8 never lets m= lines go away.
    caps.streams.pop_back();
    EXPECT_EQ(make_reoffer(initial, caps).media.size(), 2u);
    EXPECT_TRUE(make_reoffer(initial, caps).media[1].rejected());
}

// RFC 3264 §8.1: a new stream goes at the end; a port-0 line can take a new stream of its
// media type.
TEST(SdpReoffer, Rfc3264_8_1_AddStream) {
    MediaCapabilities caps = phone_caps();
    const SessionDescription audio_only = make_offer(caps, {1, 1});
    StreamCapabilities video;
    video.media = "video";
    video.codecs = {test::codec("H264", 90000, 96)};
    video.port = 40002;
    caps.streams.push_back(video);
    const SessionDescription with_video = make_reoffer(audio_only, caps);
    ASSERT_EQ(with_video.media.size(), 2u);
    EXPECT_EQ(with_video.media[0].media, "audio");
    EXPECT_EQ(with_video.media[1].media, "video");
    EXPECT_EQ(with_video.media[1].port, 40002);
    EXPECT_EQ(with_video.origin.session_version, "2");

    caps.streams[1].port = 0;
    const SessionDescription without = make_reoffer(with_video, caps);
    caps.streams[1].port = 40004;
    const SessionDescription again = make_reoffer(without, caps);
    ASSERT_EQ(again.media.size(), 2u);  // the port-0 slot is reused, nothing appended
    EXPECT_EQ(again.media[1].port, 40004);
    EXPECT_EQ(again.origin.session_version, "4");
}

// A re-offer keeps our o= address and the agreed t= line, and takes a new c= address.
TEST(SdpReoffer, Rfc3264_8_KeepsOriginAndTime) {
    MediaCapabilities caps = phone_caps();
    SessionDescription previous = make_offer(caps, {5, 5});
    previous.timings[0] = Timing{3000000000, 3000003600, {}};
    caps.address = "192.0.2.99";
    caps.origin_address = "198.18.0.1";  // ignored: the o= line does not change
    const SessionDescription next = make_reoffer(previous, caps);
    EXPECT_EQ(next.origin.address, "192.0.2.10");
    EXPECT_EQ(next.connection->address, "192.0.2.99");
    EXPECT_EQ(next.timings, previous.timings);
}

}  // namespace
}  // namespace dialtone::sdp
