// apply_answer (RFC 3264 §7): what our offer and the peer's answer settle, and the answers
// that break §6 and are refused.

#include <gtest/gtest.h>

#include "oa_fixture.hpp"

namespace dialtone::sdp {
namespace {

using test::crlf;
using test::phone_caps;
using test::sdp_of;

SessionDescription our_offer() {
    return make_offer(phone_caps(), {1000, 1000});
}

// An answer from 198.51.100.5 with `media_lines` after the session lines.
SessionDescription peer_answer(std::string_view media_lines) {
    return sdp_of(
        "v=0\r\no=peer 1 1 IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\n"
        "t=0 0\r\n" +
        crlf(media_lines));
}

NegotiatedSession applied(const SessionDescription& offer, const SessionDescription& answer) {
    auto r = apply_answer(offer, answer);
    EXPECT_TRUE(r.ok()) << test::error_text(r);
    return r.ok() ? *r : NegotiatedSession{};
}

TEST(SdpApplyAnswer, Rfc3264_7_WhatTheOffererSettles) {
    const NegotiatedSession n =
        applied(our_offer(),
                peer_answer("m=audio 30000 RTP/AVP 8 0 101\na=rtpmap:101 telephone-event/8000\n"
                            "a=fmtp:101 0-15\na=ptime:30\n"));
    ASSERT_EQ(n.streams.size(), 1u);
    const NegotiatedStream& s = n.streams[0];
    EXPECT_TRUE(s.active);
    EXPECT_EQ(s.direction, Direction::SendRecv);
    // The answer's order: the peer prefers PCMA, so we send PCMA.
    ASSERT_EQ(s.codecs.size(), 2u);
    EXPECT_EQ(s.send_codec()->name, "PCMA");
    EXPECT_EQ(s.codecs[1].name, "PCMU");
    ASSERT_TRUE(s.telephone_event.has_value());
    EXPECT_EQ(s.telephone_event->send_payload_type, 101);
    EXPECT_EQ(s.telephone_event->send_events.to_string(), "0-15");     // what the peer takes
    EXPECT_EQ(s.telephone_event->receive_events.to_string(), "0-16");  // what we offered
    EXPECT_EQ(s.send_ptime, 30u);
    EXPECT_EQ(s.receive_ptime, 20u);
    EXPECT_EQ(s.remote_rtp, (TransportAddress{"198.51.100.5", 30000}));
    EXPECT_EQ(s.remote_rtcp, (TransportAddress{"198.51.100.5", 30001}));
    EXPECT_EQ(s.local_rtp, (TransportAddress{"192.0.2.10", 40000}));
    EXPECT_EQ(s.local_rtcp, (TransportAddress{"192.0.2.10", 40001}));
    EXPECT_FALSE(s.capability_index.has_value());
    EXPECT_TRUE(n.has_active_stream());
}

// RFC 3264 §6: "The answer MUST contain exactly the same number of m= lines as the offer."
TEST(SdpApplyAnswer, Rfc3264_6_SameNumberOfMediaLines) {
    const auto r = apply_answer(our_offer(), peer_answer("m=audio 30000 RTP/AVP 0\n"
                                                         "m=video 0 RTP/AVP 31\n"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 488);
    EXPECT_EQ(r.error().description(), "it has 2 m= lines, the offer had 1 (RFC 3264 §6)");
    EXPECT_FALSE(apply_answer(our_offer(), peer_answer("")).ok());
}

// RFC 3264 §6: the media type of each answered stream is the offered one.
TEST(SdpApplyAnswer, Rfc3264_6_SameMediaType) {
    const auto r = apply_answer(our_offer(), peer_answer("m=video 30000 RTP/AVP 0\n"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().description(),
              "m= line 1 of the answer: media video where audio was offered (RFC 3264 §6)");
}

// RFC 3264 §6: a stream offered with port 0 stays at port 0 in the answer.
TEST(SdpApplyAnswer, Rfc3264_6_PortZeroStaysZero) {
    MediaCapabilities caps = phone_caps();
    caps.streams[0].port = 0;
    const SessionDescription offer = make_offer(caps, {1, 1});
    EXPECT_FALSE(apply_answer(offer, peer_answer("m=audio 30000 RTP/AVP 0\n")).ok());
    const NegotiatedSession n = applied(offer, peer_answer("m=audio 0 RTP/AVP 0\n"));
    EXPECT_FALSE(n.streams[0].active);
    EXPECT_FALSE(n.has_active_stream());
}

// RFC 3264 §6: the answerer rejects a stream with port 0: no media, no RTCP.
TEST(SdpApplyAnswer, Rfc3264_6_RejectedStream) {
    const NegotiatedSession n = applied(our_offer(), peer_answer("m=audio 0 RTP/AVP 0\n"));
    ASSERT_EQ(n.streams.size(), 1u);
    EXPECT_FALSE(n.streams[0].active);
    EXPECT_FALSE(n.streams[0].sends());
    EXPECT_FALSE(n.streams[0].receives());
    EXPECT_TRUE(n.streams[0].codecs.empty());
}

// RFC 3264 §6.1: an accepted stream must share a format with the offer.
TEST(SdpApplyAnswer, Rfc3264_6_1_NoCommonFormatIsRefused) {
    const auto r = apply_answer(our_offer(), peer_answer("m=audio 30000 RTP/AVP 18\n"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 488);
    EXPECT_EQ(r.error().description(),
              "m= line 1 of the answer: no format in common with the offer (RFC 3264 §6.1)");
    // The same number under another codec is not what we offered.
    EXPECT_FALSE(apply_answer(our_offer(),
                              peer_answer("m=audio 30000 RTP/AVP 111\na=rtpmap:111 G726-32/8000\n"))
                     .ok());
}

// RFC 3264 §6.1: "The stream MAY indicate additional media formats, not listed in the
// corresponding stream in the offer": legal, and never sent with.
TEST(SdpApplyAnswer, Rfc3264_6_1_AddedFormatsAreIgnored) {
    const NegotiatedSession n =
        applied(our_offer(), peer_answer("m=audio 30000 RTP/AVP 18 0 97\na=rtpmap:97 iLBC/8000\n"));
    ASSERT_EQ(n.streams[0].codecs.size(), 1u);
    EXPECT_EQ(n.streams[0].send_codec()->name, "PCMU");
}

// RFC 4317 §2.3: an answer may renumber a dynamic type; we send with its number and keep
// receiving ours (RFC 3264 §6.1).
TEST(SdpApplyAnswer, Rfc3264_6_1_RenumberedDynamicPayloadType) {
    const NegotiatedSession n =
        applied(our_offer(), peer_answer("m=audio 30000 RTP/AVP 120\na=rtpmap:120 OPUS/48000/2\n"));
    const NegotiatedCodec& c = n.streams[0].codecs.at(0);
    EXPECT_EQ(c.name, "opus");
    EXPECT_EQ(c.send_payload_type, 120);
    EXPECT_EQ(c.receive_payload_type, 111);
    EXPECT_EQ(c.receive_fmtp, "useinbandfec=1");
}

// Lenient: a dynamic type answered without rtpmap under the number we offered means what
// we offered (RFC 3264 §6.1 wants the rtpmap; some phones leave it out).
TEST(SdpApplyAnswer, Leniency_DynamicTypeWithoutRtpmapUnderOurNumber) {
    const NegotiatedSession n =
        applied(our_offer(), peer_answer("m=audio 30000 RTP/AVP 111 101\n"));
    ASSERT_EQ(n.streams[0].codecs.size(), 1u);
    EXPECT_EQ(n.streams[0].codecs[0].name, "opus");
    ASSERT_TRUE(n.streams[0].telephone_event.has_value());
    // No fmtp in the answer: the peer takes DTMF 0-15 (RFC 4733 §2.4.1).
    EXPECT_EQ(n.streams[0].telephone_event->send_events, EventSet::dtmf());
}

// RFC 3264 §6.1 table from the offerer's side: the answer's direction is the peer's.
TEST(SdpApplyAnswer, Rfc3264_6_1_DirectionFromTheAnswer) {
    struct Case {
        std::string_view answer_attr;
        Direction ours;
    };
    for (const Case c :
         {Case{"", Direction::SendRecv}, Case{"a=sendonly\n", Direction::RecvOnly},
          Case{"a=recvonly\n", Direction::SendOnly}, Case{"a=inactive\n", Direction::Inactive}}) {
        const NegotiatedSession n = applied(
            our_offer(), peer_answer("m=audio 30000 RTP/AVP 0\n" + std::string(c.answer_attr)));
        EXPECT_EQ(n.streams[0].direction, c.ours) << c.answer_attr;
    }
}

// Lenient: an answer of sendrecv to our sendonly (hold) breaks the §6.1 table; phones do
// it, so the direction is narrowed to what we offered instead of refusing the answer.
TEST(SdpApplyAnswer, Leniency_DirectionNarrowedToTheOffer) {
    const SessionDescription held = make_reoffer(our_offer(), phone_caps(), {.hold = true});
    const NegotiatedSession n = applied(held, peer_answer("m=audio 30000 RTP/AVP 0\na=sendrecv\n"));
    EXPECT_EQ(n.streams[0].direction, Direction::SendOnly);
}

// RFC 3605: the peer's a=rtcp, with or without address; RFC 4317 §2.8: a media-level c=
// wins over the session's.
TEST(SdpApplyAnswer, Rfc3605_RemoteRtcpAndMediaLevelAddress) {
    NegotiatedSession n = applied(our_offer(), peer_answer("m=audio 30000 RTP/AVP 0\n"
                                                           "c=IN IP4 198.51.100.77\n"
                                                           "a=rtcp:30101\n"));
    EXPECT_EQ(n.streams[0].remote_rtp, (TransportAddress{"198.51.100.77", 30000}));
    EXPECT_EQ(n.streams[0].remote_rtcp, (TransportAddress{"198.51.100.77", 30101}));
    n = applied(our_offer(),
                peer_answer("m=audio 30000 RTP/AVP 0\na=rtcp:30101 IN IP6 2001:db8::5\n"));
    EXPECT_EQ(n.streams[0].remote_rtcp, (TransportAddress{"2001:db8::5", 30101}));
}

// RFC 3264 §8.4 / RFC 4317 §5.3: an answer with c=0.0.0.0 means we must not send.
TEST(SdpApplyAnswer, Rfc3264_8_4_ZeroAddressAnswer) {
    const NegotiatedSession n = applied(
        our_offer(), sdp_of("v=0\r\no=p 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                            "m=audio 9322 RTP/AVP 0\r\n"));
    EXPECT_EQ(n.streams[0].direction, Direction::RecvOnly);
    EXPECT_FALSE(n.streams[0].sends());
    EXPECT_TRUE(n.streams[0].receives());
}

// Both ends of one exchange agree: what the answerer settles mirrors what the offerer
// settles (same codecs, swapped addresses, reversed directions).
TEST(SdpApplyAnswer, Rfc3264_BothSidesSettleTheSame) {
    MediaCapabilities bob = phone_caps();
    bob.address = "198.51.100.5";
    bob.streams[0].port = 30000;
    bob.streams[0].codecs = {test::codec("PCMA", 8000, 8), test::codec("OPUS", 48000, 96, 2)};
    bob.streams[0].direction = Direction::RecvOnly;
    const SessionDescription offer = our_offer();
    const auto answer = make_answer(offer, bob, {.session_id = 3, .session_version = 3});
    ASSERT_TRUE(answer.ok()) << test::error_text(answer);
    const NegotiatedSession alice = applied(offer, answer->sdp);
    const NegotiatedStream& a = alice.streams[0];
    const NegotiatedStream& b = answer->negotiated.streams[0];
    EXPECT_EQ(a.direction, reverse(b.direction));
    EXPECT_EQ(a.direction, Direction::SendOnly);
    ASSERT_EQ(a.codecs.size(), b.codecs.size());
    for (std::size_t i = 0; i < a.codecs.size(); ++i) {
        EXPECT_EQ(a.codecs[i].send_payload_type, b.codecs[i].receive_payload_type);
        EXPECT_EQ(a.codecs[i].receive_payload_type, b.codecs[i].send_payload_type);
    }
    EXPECT_EQ(a.remote_rtp, b.local_rtp);
    EXPECT_EQ(a.local_rtp, b.remote_rtp);
    EXPECT_EQ(a.remote_rtcp, b.local_rtcp);
    EXPECT_EQ(a.local_rtcp, b.remote_rtcp);
    ASSERT_TRUE(a.telephone_event && b.telephone_event);
    EXPECT_EQ(a.telephone_event->send_events, b.telephone_event->receive_events);
}

// RFC 3264 §8: how a peer's new SDP relates to its previous one.
TEST(SdpRevision, Rfc3264_8_CompareRevision) {
    const SessionDescription a = our_offer();
    SessionDescription b = a;
    EXPECT_EQ(compare_revision(a, b), Revision::Unchanged);
    b.origin.session_version = "1001";
    EXPECT_EQ(compare_revision(a, b), Revision::Changed);
    b.origin.session_version = "999";
    EXPECT_EQ(compare_revision(a, b), Revision::VersionRegressed);
    b.origin.session_version = "00001000";  // the same number
    EXPECT_EQ(compare_revision(a, b), Revision::Unchanged);
    b.origin.session_version = "10000000000000000000000";
    EXPECT_EQ(compare_revision(a, b), Revision::Changed);
    b = a;
    b.origin.session_id = "2000";
    EXPECT_EQ(compare_revision(a, b), Revision::OriginChanged);
    b = a;
    b.origin.address = "192.0.2.11";
    EXPECT_EQ(compare_revision(a, b), Revision::OriginChanged);
}

}  // namespace
}  // namespace dialtone::sdp
