// make_answer (RFC 3264 §6): the m= lines, codec intersection, payload numbers, directions,
// telephone-event, rejection with port 0 and 488, and what the answerer settles.

#include <gtest/gtest.h>

#include "oa_fixture.hpp"

namespace dialtone::sdp {
namespace {

using test::crlf;
using test::fmt_list;
using test::peer_offer;
using test::phone_caps;

Answer answered(const SessionDescription& offer, const MediaCapabilities& caps,
                const AnswerOptions& options = {.session_id = 77, .session_version = 77}) {
    auto r = make_answer(offer, caps, options);
    EXPECT_TRUE(r.ok()) << test::error_text(r);
    return r.ok() ? *r : Answer{};
}

// RFC 3264 §6: exactly one m= line per offered one, in the same order, same media and
// proto; a stream we have no capability for gets port 0.
TEST(SdpAnswer, Rfc3264_6_OneMLinePerOfferedLineInOrder) {
    const SessionDescription offer = peer_offer(
        "m=video 30002 RTP/AVP 31\na=rtpmap:31 H261/90000\n"
        "m=audio 30000 RTP/AVP 0\n"
        "m=audio 30004 RTP/AVP 8\n");
    const Answer a = answered(offer, phone_caps());
    ASSERT_EQ(a.sdp.media.size(), 3u);
    EXPECT_EQ(a.sdp.media[0].media, "video");
    EXPECT_EQ(a.sdp.media[0].port, 0);  // no video capability
    EXPECT_EQ(a.sdp.media[1].media, "audio");
    EXPECT_EQ(a.sdp.media[1].port, 40000);
    // One audio capability: the second audio stream is rejected (§6 "for any reason").
    EXPECT_EQ(a.sdp.media[2].port, 0);
    for (const MediaDescription& m : a.sdp.media)
        EXPECT_EQ(m.proto, "RTP/AVP");
    ASSERT_EQ(a.negotiated.streams.size(), 3u);
    EXPECT_FALSE(a.negotiated.streams[0].active);
    EXPECT_TRUE(a.negotiated.streams[1].active);
    EXPECT_EQ(a.negotiated.streams[1].capability_index, 0u);
    EXPECT_FALSE(a.negotiated.streams[2].active);
    EXPECT_FALSE(a.negotiated.streams[2].sends());
}

// RFC 3264 §6: a rejected stream lists one format (the first offered, with its rtpmap).
TEST(SdpAnswer, Rfc3264_6_RejectedStreamKeepsOneFormat) {
    const SessionDescription offer = peer_offer(
        "m=audio 30000 RTP/AVP 0\n"
        "m=video 30002 RTP/AVP 31 32\na=rtpmap:31 H261/90000\na=rtpmap:32 MPV/90000\n");
    const Answer a = answered(offer, phone_caps());
    EXPECT_EQ(a.sdp.to_string(), crlf(R"(v=0
o=dialtone 77 77 IN IP4 192.0.2.10
s=-
c=IN IP4 192.0.2.10
t=0 0
m=audio 40000 RTP/AVP 0
a=rtpmap:0 PCMU/8000
a=ptime:20
m=video 0 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
}

// RFC 3264 §6.1: the common codecs in the offerer's order, not ours.
TEST(SdpAnswer, Rfc3264_6_1_IntersectionInOfferersOrder) {
    const SessionDescription offer = peer_offer("m=audio 30000 RTP/AVP 18 8 9 0\n");
    const Answer a = answered(offer, phone_caps());
    EXPECT_EQ(fmt_list(a.sdp.media[0]), "8 0");
    const NegotiatedStream& s = a.negotiated.streams[0];
    ASSERT_EQ(s.codecs.size(), 2u);
    EXPECT_EQ(s.codecs[0].name, "PCMA");
    EXPECT_EQ(s.codecs[1].name, "PCMU");
    // §6.1: the answerer sends with the most preferred offered format it also listed.
    ASSERT_NE(s.send_codec(), nullptr);
    EXPECT_EQ(s.send_codec()->send_payload_type, 8);
}

// RFC 3264 §6.1: dynamic payload types match by encoding name (any case), clock rate and
// channels, and the answer keeps the offerer's number.
TEST(SdpAnswer, Rfc3264_6_1_DynamicPayloadTypesMatchByEncoding) {
    const SessionDescription offer = peer_offer(
        "m=audio 30000 RTP/AVP 109 110 112 0\n"
        "a=rtpmap:109 OPUS/48000/1\n"  // one channel: not our opus/48000/2
        "a=rtpmap:110 Opus/48000/2\n"  // ours, other case, other number
        "a=fmtp:110 maxplaybackrate=16000\n"
        "a=rtpmap:112 opus/16000/2\n");  // other clock rate
    const Answer a = answered(offer, phone_caps());
    EXPECT_EQ(fmt_list(a.sdp.media[0]), "110 0");
    EXPECT_EQ(a.sdp.media[0].rtpmap(110)->encoding(), "Opus/48000/2");
    EXPECT_EQ(a.sdp.media[0].fmtp("110"), "useinbandfec=1");  // our receive parameters
    const NegotiatedCodec& opus = a.negotiated.streams[0].codecs[0];
    EXPECT_EQ(opus.send_payload_type, 110);
    EXPECT_EQ(opus.receive_payload_type, 110);
    EXPECT_EQ(opus.send_fmtp, "maxplaybackrate=16000");
    EXPECT_EQ(opus.receive_fmtp, "useinbandfec=1");
    EXPECT_EQ(opus.clock_rate, 48000u);
    EXPECT_EQ(opus.channels, 2u);
}

// RFC 3551 §6: static types need no rtpmap; RFC 4566 §6: dynamic ones do, and without it
// they cannot be matched.
TEST(SdpAnswer, Rfc3551_6_StaticTypesWithoutRtpmapDynamicOnesNot) {
    const Answer a = answered(peer_offer("m=audio 30000 RTP/AVP 96 8\n"), phone_caps());
    EXPECT_EQ(fmt_list(a.sdp.media[0]), "8");
    // §6.1 SHOULD: we write rtpmap for static types too.
    EXPECT_EQ(a.sdp.media[0].rtpmap(8)->encoding(), "PCMA/8000");
}

// RFC 3264 §6.1 direction table: sendonly -> recvonly, recvonly -> sendonly, inactive ->
// inactive, sendrecv -> sendrecv; the session-level attribute counts when the media has
// none.
TEST(SdpAnswer, Rfc3264_6_1_DirectionTable) {
    struct Case {
        std::string_view offered;
        Direction ours;
        Direction answer;
    };
    const Case cases[] = {
        {"", Direction::SendRecv, Direction::SendRecv},
        {"a=sendrecv\n", Direction::SendRecv, Direction::SendRecv},
        {"a=sendonly\n", Direction::SendRecv, Direction::RecvOnly},
        {"a=recvonly\n", Direction::SendRecv, Direction::SendOnly},
        {"a=inactive\n", Direction::SendRecv, Direction::Inactive},
        // Narrowed by what we can do.
        {"", Direction::RecvOnly, Direction::RecvOnly},
        {"", Direction::SendOnly, Direction::SendOnly},
        {"a=sendonly\n", Direction::SendOnly, Direction::Inactive},
        {"a=recvonly\n", Direction::Inactive, Direction::Inactive},
    };
    for (const Case& c : cases) {
        MediaCapabilities caps = phone_caps();
        caps.streams[0].direction = c.ours;
        const Answer a =
            answered(peer_offer("m=audio 30000 RTP/AVP 0\n" + std::string(c.offered)), caps);
        SCOPED_TRACE(std::string(c.offered) + " / ours " + std::string(direction_name(c.ours)));
        EXPECT_EQ(a.sdp.media_direction(0), c.answer);
        EXPECT_EQ(a.negotiated.streams[0].direction, c.answer);
        // sendrecv is the default and is not written (RFC 3264 §5.1).
        EXPECT_EQ(a.sdp.media[0].direction().has_value(), c.answer != Direction::SendRecv);
    }
    const Answer session_level =
        answered(peer_offer("m=audio 30000 RTP/AVP 0\n", "a=sendonly\r\n"), phone_caps());
    EXPECT_EQ(session_level.sdp.media[0].direction(), Direction::RecvOnly);
}

// RFC 3264 §8.4 from the answerer: answering on hold narrows the direction.
TEST(SdpAnswer, Rfc3264_8_4_AnswerOnHold) {
    const SessionDescription offer = peer_offer("m=audio 30000 RTP/AVP 0\n");
    const Answer a =
        answered(offer, phone_caps(), {.session_id = 1, .session_version = 1, .hold = true});
    EXPECT_EQ(a.sdp.media[0].direction(), Direction::SendOnly);
    const Answer b = answered(peer_offer("m=audio 30000 RTP/AVP 0\na=sendonly\n"), phone_caps(),
                              {.session_id = 1, .session_version = 1, .hold = true});
    EXPECT_EQ(b.sdp.media[0].direction(), Direction::Inactive);
}

// RFC 4733 §2.4.1: telephone-event is kept when both sides support it; the answer lists the
// events both accept.
TEST(SdpAnswer, Rfc4733_2_4_1_TelephoneEventIntersection) {
    // Offered 0-15 and 32-36, ours 0-16: 0-15.
    Answer a = answered(peer_offer("m=audio 30000 RTP/AVP 0 96\na=rtpmap:96 telephone-event/8000\n"
                                   "a=fmtp:96 0-15,32-36\n"),
                        phone_caps());
    EXPECT_EQ(fmt_list(a.sdp.media[0]), "0 96");
    EXPECT_EQ(a.sdp.media[0].fmtp("96"), "0-15");
    ASSERT_TRUE(a.negotiated.streams[0].telephone_event.has_value());
    const NegotiatedTelephoneEvent& te = *a.negotiated.streams[0].telephone_event;
    EXPECT_EQ(te.send_payload_type, 96);
    EXPECT_EQ(te.receive_payload_type, 96);
    EXPECT_EQ(te.clock_rate, 8000u);
    EXPECT_EQ(te.send_events.to_string(), "0-15");

    // Without an fmtp both mean 0-15: nothing to write.
    a = answered(peer_offer("m=audio 30000 RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n"),
                 phone_caps());
    EXPECT_EQ(fmt_list(a.sdp.media[0]), "0 101");
    EXPECT_FALSE(a.sdp.media[0].fmtp("101").has_value());
    EXPECT_EQ(a.negotiated.streams[0].telephone_event->send_events, EventSet::dtmf());

    // Without an fmtp, when we take fewer than 0-15, we say which.
    MediaCapabilities few = phone_caps();
    few.streams[0].telephone_events[0].events = EventSet::range(0, 11);
    a = answered(peer_offer("m=audio 30000 RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n"),
                 few);
    EXPECT_EQ(a.sdp.media[0].fmtp("101"), "0-11");

    // No common event, another clock rate, an unreadable list: dropped, the codec stays.
    for (std::string_view te_lines : {"a=rtpmap:101 telephone-event/8000\na=fmtp:101 32-36\n",
                                      "a=rtpmap:101 telephone-event/48000\n",
                                      "a=rtpmap:101 telephone-event/8000\na=fmtp:101 x\n"}) {
        a = answered(peer_offer("m=audio 30000 RTP/AVP 0 101\n" + std::string(te_lines)),
                     phone_caps());
        EXPECT_EQ(fmt_list(a.sdp.media[0]), "0") << te_lines;
        EXPECT_FALSE(a.negotiated.streams[0].telephone_event.has_value());
    }
}

// telephone-event alone does not make a stream acceptable when the offer has codecs and
// none is common: 488 rather than a call without voice.
TEST(SdpAnswer, Rfc3264_6_TelephoneEventAloneDoesNotAcceptAVoiceStream) {
    const auto r =
        make_answer(peer_offer("m=audio 30000 RTP/AVP 18 101\na=rtpmap:101 telephone-event/8000\n"),
                    phone_caps());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 488);
}

// Linphone offers telephone-event at 48000, 16000 and 8000 Hz: the one at the clock rate of
// the codec we send with is chosen.
TEST(SdpAnswer, Rfc4733_2_1_TelephoneEventAtTheSendCodecRate) {
    MediaCapabilities caps = phone_caps();
    caps.streams[0].telephone_events.push_back(
        TelephoneEventFormat{102, 48000, EventSet::range(0, 15)});
    const Answer a = answered(test::sdp_of(test::kLinphoneOffer), caps);
    EXPECT_EQ(fmt_list(a.sdp.media[0]), "96 0 8 101 100");
    const NegotiatedStream& s = a.negotiated.streams[0];
    EXPECT_EQ(s.send_codec()->name, "opus");
    ASSERT_TRUE(s.telephone_event.has_value());
    EXPECT_EQ(s.telephone_event->clock_rate, 48000u);
    EXPECT_EQ(s.telephone_event->send_payload_type, 101);
}

// RFC 3261 §21.4.26 / §20.43: nothing acceptable is 488 with the Warning code that says
// why: 305 no common codec, 304 no such media, 302 no such transport.
TEST(SdpAnswer, Rfc3261_21_4_26_NothingAcceptableIs488) {
    const auto no_codec = make_answer(peer_offer("m=audio 30000 RTP/AVP 18 4\n"), phone_caps());
    ASSERT_FALSE(no_codec.ok());
    EXPECT_EQ(no_codec.error().status, 488);
    EXPECT_EQ(no_codec.error().warning, 305);
    EXPECT_EQ(no_codec.error().warning_text(), "Incompatible media format");
    EXPECT_EQ(no_codec.error().reason_phrase(),
              "Not Acceptable Here (SDP no offered stream can be accepted: Incompatible media "
              "format)");

    const auto no_media = make_answer(peer_offer("m=video 30000 RTP/AVP 31\n"), phone_caps());
    ASSERT_FALSE(no_media.ok());
    EXPECT_EQ(no_media.error().warning, 304);

    const auto no_transport = make_answer(
        peer_offer("m=audio 30000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\n"),
        phone_caps());
    ASSERT_FALSE(no_transport.ok());
    EXPECT_EQ(no_transport.error().warning, 302);

    // The first stream's reason is given.
    const auto mixed = make_answer(
        peer_offer("m=video 30000 RTP/AVP 31\nm=audio 30002 RTP/AVP 18\n"), phone_caps());
    ASSERT_FALSE(mixed.ok());
    EXPECT_EQ(mixed.error().warning, 304);
}

// RFC 3264 §5 / RFC 4317 §5.1: an offer without media is answered without media; an offer
// whose streams all have port 0 is answered with port 0, not refused.
TEST(SdpAnswer, Rfc3264_6_NoMediaIsNotAFailure) {
    Answer a = answered(peer_offer(""), phone_caps());
    EXPECT_TRUE(a.sdp.media.empty());
    EXPECT_FALSE(a.negotiated.has_active_stream());
    a = answered(peer_offer("m=audio 0 RTP/AVP 0\n"), phone_caps());
    ASSERT_EQ(a.sdp.media.size(), 1u);
    EXPECT_TRUE(a.sdp.media[0].rejected());
}

// RFC 3264 §6: "The t= line in the answer MUST equal that of the offer."
TEST(SdpAnswer, Rfc3264_6_TimeLineCopiedFromOffer) {
    const SessionDescription offer = test::sdp_of(
        "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 198.51.100.5\r\nt=3000000000 3000003600\r\n"
        "m=audio 30000 RTP/AVP 0\r\n");
    const Answer a = answered(offer, phone_caps());
    EXPECT_EQ(a.sdp.timings, offer.timings);
}

// RFC 4566 §6 ptime is a receiver's wish: we write ours and send with the peer's.
TEST(SdpAnswer, Rfc4566_6_PtimeEachWay) {
    const Answer a =
        answered(peer_offer("m=audio 30000 RTP/AVP 0\na=ptime:30\na=maxptime:60\n"), phone_caps());
    EXPECT_EQ(a.sdp.media[0].ptime(), 20u);
    EXPECT_EQ(a.negotiated.streams[0].send_ptime, 30u);
    EXPECT_EQ(a.negotiated.streams[0].send_maxptime, 60u);
    EXPECT_EQ(a.negotiated.streams[0].receive_ptime, 20u);
}

// What the answerer settles: where to send RTP and RTCP (RFC 3605 a=rtcp, else port + 1,
// RFC 3550 §11), where it receives.
TEST(SdpAnswer, Rfc3605_AnswererAddresses) {
    MediaCapabilities caps = phone_caps();
    caps.streams[0].rtcp_port = 40005;
    Answer a = answered(peer_offer("m=audio 30000 RTP/AVP 0\nc=IN IP4 198.51.100.9\n"
                                   "a=rtcp:30011 IN IP4 198.51.100.10\n"),
                        caps);
    const NegotiatedStream& s = a.negotiated.streams[0];
    EXPECT_EQ(s.remote_rtp, (TransportAddress{"198.51.100.9", 30000}));
    EXPECT_EQ(s.remote_rtcp, (TransportAddress{"198.51.100.10", 30011}));
    EXPECT_EQ(s.local_rtp, (TransportAddress{"192.0.2.10", 40000}));
    EXPECT_EQ(s.local_rtcp, (TransportAddress{"192.0.2.10", 40005}));
    EXPECT_EQ(a.sdp.media[0].rtcp(), (RtcpAttribute{40005, {}}));
    EXPECT_TRUE(s.sends());
    EXPECT_TRUE(s.receives());

    a = answered(peer_offer("m=audio 30000 RTP/AVP 0\na=rtcp:30009\n"), phone_caps());
    EXPECT_EQ(a.negotiated.streams[0].remote_rtcp, (TransportAddress{"198.51.100.5", 30009}));
    a = answered(peer_offer("m=audio 30000 RTP/AVP 0\n"), phone_caps());
    EXPECT_EQ(a.negotiated.streams[0].remote_rtcp, (TransportAddress{"198.51.100.5", 30001}));
    EXPECT_EQ(a.negotiated.streams[0].local_rtcp, (TransportAddress{"192.0.2.10", 40001}));
}

// RFC 3264 §8.4: an offer with c=0.0.0.0 (RFC 2543 hold) is answered normally (RFC 4317
// §5.2) but nothing is sent to it.
TEST(SdpAnswer, Rfc3264_8_4_ZeroAddressMeansDoNotSend) {
    const SessionDescription offer = test::sdp_of(
        "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 23442 RTP/AVP "
        "0\r\n");
    const Answer a = answered(offer, phone_caps());
    EXPECT_FALSE(a.sdp.media[0].direction().has_value());
    EXPECT_EQ(a.negotiated.streams[0].direction, Direction::RecvOnly);
    EXPECT_FALSE(a.negotiated.streams[0].sends());
}

// RFC 3264 §8: in a session, the answer keeps our o=; the version goes up only when the
// answer differs from our previous SDP; a re-offer may not drop m= lines.
TEST(SdpAnswer, Rfc3264_8_AnswersInASession) {
    const MediaCapabilities caps = phone_caps();
    const SessionDescription offer = peer_offer("m=audio 30000 RTP/AVP 0 8\n");
    const Answer first = answered(offer, caps, {.session_id = 500, .session_version = 600});
    EXPECT_EQ(first.sdp.origin.session_version, "600");

    // The same offer again (a session refresh): the same answer, the same version.
    const Answer again = answered(offer, caps, {.previous = &first.sdp});
    EXPECT_EQ(again.sdp, first.sdp);

    // A different offer: the version goes up by one, the rest of o= stays.
    const Answer changed =
        answered(peer_offer("m=audio 30000 RTP/AVP 8\n"), caps, {.previous = &first.sdp});
    EXPECT_EQ(changed.sdp.origin.session_version, "601");
    EXPECT_EQ(changed.sdp.origin.session_id, "500");
    EXPECT_EQ(fmt_list(changed.sdp.media[0]), "8");

    const SessionDescription two =
        peer_offer("m=audio 30000 RTP/AVP 0\nm=video 30002 RTP/AVP 31\n");
    const Answer with_two = answered(two, caps, {.previous = &first.sdp});
    const auto fewer = make_answer(offer, caps, {.previous = &with_two.sdp});
    ASSERT_FALSE(fewer.ok());
    EXPECT_EQ(fewer.error().status, 488);
}

// Streams that are not RTP (T.38 over udptl, RFC 3362) match formats by name.
TEST(SdpAnswer, Rfc4566_5_14_NonRtpFormatsMatchByName) {
    MediaCapabilities caps = phone_caps();
    StreamCapabilities fax;
    fax.media = "image";
    fax.proto = "udptl";
    fax.codecs = {Codec{"t38", 0, 1, 0, {}}};
    fax.port = 40010;
    fax.extra_attributes = {Attribute::with_value("T38FaxVersion", "0"),
                            Attribute::with_value("T38FaxRateManagement", "transferredTCF")};
    caps.streams.push_back(fax);
    const Answer a = answered(test::sdp_of(test::kT38Offer), caps);
    ASSERT_EQ(a.sdp.media.size(), 1u);
    const MediaDescription& m = a.sdp.media[0];
    EXPECT_EQ(m.media, "image");
    EXPECT_EQ(m.port, 40010);
    EXPECT_EQ(m.proto, "udptl");
    EXPECT_EQ(m.formats, std::vector<std::string>{"t38"});
    EXPECT_EQ(m.attributes, fax.extra_attributes);
    const NegotiatedStream& s = a.negotiated.streams[0];
    ASSERT_EQ(s.codecs.size(), 1u);
    EXPECT_EQ(s.codecs[0].name, "t38");
    EXPECT_EQ(s.remote_rtp, (TransportAddress{"198.51.100.7", 4002}));
    EXPECT_EQ(s.capability_index, 1u);
}

}  // namespace
}  // namespace dialtone::sdp
