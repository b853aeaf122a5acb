// The offer/answer examples of RFC 4317, re-typed as facts: our builders must produce the
// RFC's SDP byte for byte where the RFC follows RFC 3264, and apply_answer must settle what
// the RFC says each exchange settles. As the RFC notes (§1), "s=" holds a single space.

#include <gtest/gtest.h>

#include "oa_fixture.hpp"

namespace dialtone::sdp {
namespace {

using test::crlf;
using test::sdp_of;

constexpr std::uint64_t kAliceId = 2890844526;
constexpr std::uint64_t kBobId = 2808844564;

Codec pcmu() {
    return test::codec("PCMU", 8000, 0);
}
Codec pcma() {
    return test::codec("PCMA", 8000, 8);
}
Codec ilbc(std::uint8_t pt) {
    return test::codec("iLBC", 8000, pt);
}
Codec h261() {
    return test::codec("H261", 90000, 31);
}
Codec mpv() {
    return test::codec("MPV", 90000, 32);
}
TelephoneEventFormat tones(std::uint8_t pt) {
    return TelephoneEventFormat{pt, 8000, EventSet::dtmf()};
}

StreamCapabilities stream(std::string media, std::uint16_t port, std::vector<Codec> codecs,
                          std::vector<TelephoneEventFormat> events = {}) {
    StreamCapabilities s;
    s.media = std::move(media);
    s.port = port;
    s.codecs = std::move(codecs);
    s.telephone_events = std::move(events);
    return s;
}

MediaCapabilities party(std::string user, std::string host, std::vector<StreamCapabilities> s) {
    MediaCapabilities caps;
    caps.username = std::move(user);
    caps.session_name = " ";
    caps.address = std::move(host);
    caps.streams = std::move(s);
    return caps;
}

MediaCapabilities alice(std::vector<StreamCapabilities> s) {
    return party("alice", "host.atlanta.example.com", std::move(s));
}
MediaCapabilities bob(std::vector<StreamCapabilities> s) {
    return party("bob", "host.biloxi.example.com", std::move(s));
}

AnswerOptions bob_starts() {
    return {.session_id = kBobId, .session_version = kBobId};
}

Answer answer_of(const SessionDescription& offer, const MediaCapabilities& caps,
                 const AnswerOptions& options) {
    auto r = make_answer(offer, caps, options);
    EXPECT_TRUE(r.ok()) << test::error_text(r);
    return r.ok() ? *r : Answer{};
}

NegotiatedSession settle(const SessionDescription& offer, const SessionDescription& answer) {
    auto r = apply_answer(offer, answer);
    EXPECT_TRUE(r.ok()) << test::error_text(r);
    return r.ok() ? *r : NegotiatedSession{};
}

std::vector<std::string> codec_names(const NegotiatedStream& s) {
    std::vector<std::string> out;
    for (const NegotiatedCodec& c : s.codecs)
        out.push_back(c.name);
    return out;
}

// The offer of §2.1, §2.2 and §2.8.
constexpr std::string_view kAudioVideoOffer = R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 8 97
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:97 iLBC/8000
m=video 51372 RTP/AVP 31 32
a=rtpmap:31 H261/90000
a=rtpmap:32 MPV/90000
)";

MediaCapabilities alice_audio_video() {
    return alice({stream("audio", 49170, {pcmu(), pcma(), ilbc(97)}),
                  stream("video", 51372, {h261(), mpv()})});
}

// §2.1 Audio and Video 1: one codec accepted per stream.
TEST(Rfc4317, Section2_1_AudioAndVideo1) {
    const SessionDescription offer = make_offer(alice_audio_video(), {kAliceId, kAliceId});
    EXPECT_EQ(offer.to_string(), crlf(kAudioVideoOffer));
    const Answer answer =
        answer_of(offer, bob({stream("audio", 49174, {pcmu()}), stream("video", 49170, {mpv()})}),
                  bob_starts());
    EXPECT_EQ(answer.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49174 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=video 49170 RTP/AVP 32
a=rtpmap:32 MPV/90000
)"));
    // "Alice and Bob may send only PCMU audio and MPV video."
    const NegotiatedSession settled = settle(offer, answer.sdp);
    EXPECT_EQ(codec_names(settled.streams[0]), std::vector<std::string>{"PCMU"});
    EXPECT_EQ(codec_names(settled.streams[1]), std::vector<std::string>{"MPV"});
    EXPECT_EQ(settled.streams[1].remote_rtp, (TransportAddress{"host.biloxi.example.com", 49170}));
    EXPECT_EQ(codec_names(answer.negotiated.streams[1]), std::vector<std::string>{"MPV"});
}

// §2.2 Audio and Video 2: Bob declines video; Alice's second offer narrows to PCMU on a new
// port, the declined video still there with port 0; both versions go up.
TEST(Rfc4317, Section2_2_AudioAndVideo2) {
    const SessionDescription offer = make_offer(alice_audio_video(), {kAliceId, kAliceId});
    const MediaCapabilities bob_caps = bob({stream("audio", 49172, {pcmu(), pcma()})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    EXPECT_EQ(answer.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 0 8
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
m=video 0 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    EXPECT_EQ(codec_names(settle(offer, answer.sdp).streams[0]),
              (std::vector<std::string>{"PCMU", "PCMA"}));

    MediaCapabilities narrowed = alice({stream("audio", 51372, {pcmu()}), stream("video", 0, {})});
    const SessionDescription second_offer = make_reoffer(offer, narrowed);
    EXPECT_EQ(second_offer.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 51372 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=video 0 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    const Answer second = answer_of(second_offer, bob_caps, {.previous = &answer.sdp});
    EXPECT_EQ(second.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=video 0 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    // "After this exchange, only the PCMU codec may be used."
    const NegotiatedSession settled = settle(second_offer, second.sdp);
    EXPECT_EQ(codec_names(settled.streams[0]), std::vector<std::string>{"PCMU"});
    EXPECT_FALSE(settled.streams[1].active);
}

// §2.3 Audio and Video 3: Bob renumbers iLBC from 97 to 99, "OK since the same codec is
// referenced".
TEST(Rfc4317, Section2_3_RenumberedDynamicType) {
    const SessionDescription offer = sdp_of(crlf(kAudioVideoOffer));
    const SessionDescription answer = sdp_of(crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 99
a=rtpmap:99 iLBC/8000
m=video 51374 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    const NegotiatedSession settled = settle(offer, answer);
    const NegotiatedCodec& ilbc_codec = settled.streams[0].codecs.at(0);
    EXPECT_EQ(ilbc_codec.name, "iLBC");
    EXPECT_EQ(ilbc_codec.send_payload_type, 99);     // Bob's number for what he receives
    EXPECT_EQ(ilbc_codec.receive_payload_type, 97);  // ours
    EXPECT_EQ(codec_names(settled.streams[1]), std::vector<std::string>{"H261"});
}

// §2.4 Two Audio Streams: one for voice, one only for telephone events, sendonly.
TEST(Rfc4317, Section2_4_TwoAudioStreams) {
    const MediaCapabilities alice_caps = [] {
        MediaCapabilities c = alice(
            {stream("audio", 49170, {pcmu(), ilbc(97)}), stream("audio", 49172, {}, {tones(98)})});
        c.streams[1].direction = Direction::SendOnly;
        return c;
    }();
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    EXPECT_EQ(offer.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 97
a=rtpmap:0 PCMU/8000
a=rtpmap:97 iLBC/8000
m=audio 49172 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=sendonly
)"));
    const Answer answer = answer_of(
        offer, bob({stream("audio", 49172, {ilbc(97)}), stream("audio", 49174, {}, {tones(98)})}),
        bob_starts());
    EXPECT_EQ(answer.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=audio 49174 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=recvonly
)"));
    const NegotiatedSession settled = settle(offer, answer.sdp);
    EXPECT_EQ(settled.streams[1].direction, Direction::SendOnly);
    EXPECT_TRUE(settled.streams[1].codecs.empty());
    ASSERT_TRUE(settled.streams[1].telephone_event.has_value());
    EXPECT_EQ(settled.streams[1].telephone_event->send_payload_type, 98);
    EXPECT_EQ(answer.negotiated.streams[1].direction, Direction::RecvOnly);
}

// §2.5 Audio and Video 4: Bob re-offers from a new address; Alice answers with the SDP she
// sent before, so her version does not change (RFC 3264 §8).
TEST(Rfc4317, Section2_5_ReofferAnsweredWithUnchangedSdp) {
    const MediaCapabilities alice_caps =
        alice({stream("audio", 49170, {ilbc(97)}), stream("video", 51372, {h261()})});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    const std::string alice_sdp = crlf(R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=video 51372 RTP/AVP 31
a=rtpmap:31 H261/90000
)");
    EXPECT_EQ(offer.to_string(), alice_sdp);
    const SessionDescription bob_answer = sdp_of(crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49174 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=video 49170 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    const SessionDescription bob_offer = sdp_of(crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 newhost.biloxi.example.com
t=0 0
m=audio 49178 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=video 49188 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    EXPECT_EQ(compare_revision(bob_answer, bob_offer), Revision::Changed);
    const Answer second = answer_of(bob_offer, alice_caps, {.previous = &offer});
    EXPECT_EQ(second.sdp.to_string(), alice_sdp);
    EXPECT_EQ(second.negotiated.streams[0].remote_rtp,
              (TransportAddress{"newhost.biloxi.example.com", 49178}));
}

// §2.6 Audio Only 1: Bob declines the PCMU stream and takes the iLBC + tones one.
TEST(Rfc4317, Section2_6_DeclineOneOfTwoAudioStreams) {
    const SessionDescription offer = make_offer(
        alice({stream("audio", 49170, {pcmu()}), stream("audio", 51372, {ilbc(97)}, {tones(101)})}),
        {kAliceId, kAliceId});
    EXPECT_EQ(offer.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=audio 51372 RTP/AVP 97 101
a=rtpmap:97 iLBC/8000
a=rtpmap:101 telephone-event/8000
)"));
    const Answer answer =
        answer_of(offer, bob({stream("audio", 49170, {ilbc(97)}, {tones(101)})}), bob_starts());
    EXPECT_EQ(answer.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 0 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=audio 49170 RTP/AVP 97 101
a=rtpmap:97 iLBC/8000
a=rtpmap:101 telephone-event/8000
)"));
    const NegotiatedSession settled = settle(offer, answer.sdp);
    EXPECT_FALSE(settled.streams[0].active);
    EXPECT_EQ(codec_names(settled.streams[1]), std::vector<std::string>{"iLBC"});
    EXPECT_TRUE(settled.streams[1].telephone_event.has_value());
}

// §2.7 Audio and Video 5: Alice adds a second video codec, Bob accepts both.
TEST(Rfc4317, Section2_7_SecondVideoCodecAdded) {
    MediaCapabilities alice_caps =
        alice({stream("audio", 49170, {ilbc(99)}), stream("video", 51372, {h261()})});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    const MediaCapabilities bob_caps =
        bob({stream("audio", 49172, {ilbc(99)}), stream("video", 51374, {h261(), mpv()})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    EXPECT_EQ(test::fmt_list(answer.sdp.media[1]), "31");
    alice_caps.streams[1].codecs.push_back(mpv());
    const SessionDescription second_offer = make_reoffer(offer, alice_caps);
    EXPECT_EQ(second_offer.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 99
a=rtpmap:99 iLBC/8000
m=video 51372 RTP/AVP 31 32
a=rtpmap:31 H261/90000
a=rtpmap:32 MPV/90000
)"));
    const Answer second = answer_of(second_offer, bob_caps, {.previous = &answer.sdp});
    EXPECT_EQ(second.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 99
a=rtpmap:99 iLBC/8000
m=video 51374 RTP/AVP 31 32
a=rtpmap:31 H261/90000
a=rtpmap:32 MPV/90000
)"));
    // "This allows Alice and Bob to switch between the two video codecs."
    EXPECT_EQ(codec_names(settle(second_offer, second.sdp).streams[1]),
              (std::vector<std::string>{"H261", "MPV"}));
}

// §2.8 Audio and Video 6: Bob wants video sent to another host (media-level c=).
TEST(Rfc4317, Section2_8_VideoToAnotherAddress) {
    const SessionDescription offer = make_offer(alice_audio_video(), {kAliceId, kAliceId});
    StreamCapabilities video = stream("video", 49172, {mpv()});
    video.address = "otherhost.biloxi.example.com";
    const Answer answer =
        answer_of(offer, bob({stream("audio", 49174, {pcmu()}), video}), bob_starts());
    EXPECT_EQ(answer.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49174 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=video 49172 RTP/AVP 32
c=IN IP4 otherhost.biloxi.example.com
a=rtpmap:32 MPV/90000
)"));
    const NegotiatedSession settled = settle(offer, answer.sdp);
    EXPECT_EQ(settled.streams[0].remote_rtp, (TransportAddress{"host.biloxi.example.com", 49174}));
    EXPECT_EQ(settled.streams[1].remote_rtp,
              (TransportAddress{"otherhost.biloxi.example.com", 49172}));
    EXPECT_EQ(answer.negotiated.streams[1].local_rtp,
              (TransportAddress{"otherhost.biloxi.example.com", 49172}));
}

// §3.1 Hold and Unhold 1: Bob answers on hold (sendonly, from a placeholder address), then
// resumes with a re-offer; Alice answers from a new port.
TEST(Rfc4317, Section3_1_HoldAndUnhold1) {
    const MediaCapabilities alice_caps = alice({stream("audio", 49170, {pcmu(), ilbc(97)})});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    MediaCapabilities bob_caps = bob({stream("audio", 49172, {ilbc(97)})});
    bob_caps.address = "placeholder.biloxi.example.com";
    bob_caps.origin_address = "host.biloxi.example.com";
    const Answer held =
        answer_of(offer, bob_caps, {.session_id = kBobId, .session_version = kBobId, .hold = true});
    EXPECT_EQ(held.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 placeholder.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 97
a=rtpmap:97 iLBC/8000
a=sendonly
)"));
    EXPECT_EQ(settle(offer, held.sdp).streams[0].direction, Direction::RecvOnly);

    bob_caps.address = "host.biloxi.example.com";
    bob_caps.streams[0].port = 49170;
    const SessionDescription resume = make_reoffer(held.sdp, bob_caps);
    EXPECT_EQ(resume.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49170 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)"));
    MediaCapabilities alice_moved = alice_caps;
    alice_moved.streams[0].port = 49178;
    const Answer resumed = answer_of(resume, alice_moved, {.previous = &offer});
    EXPECT_EQ(resumed.sdp.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49178 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)"));
    // "The media session between Alice and Bob is now active."
    EXPECT_EQ(settle(resume, resumed.sdp).streams[0].direction, Direction::SendRecv);
}

// §3.2 Hold with Two Streams: Bob holds the voice stream but not the tone stream.
TEST(Rfc4317, Section3_2_HoldOneOfTwoStreams) {
    const SessionDescription offer = sdp_of(crlf(R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 97
a=rtpmap:0 PCMU/8000
a=rtpmap:97 iLBC/8000
m=audio 49172 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=sendonly
)"));
    MediaCapabilities bob_caps =
        bob({stream("audio", 49172, {ilbc(97)}), stream("audio", 49174, {}, {tones(98)})});
    bob_caps.streams[1].direction = Direction::RecvOnly;
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    const SessionDescription hold = make_reoffer(answer.sdp, bob_caps, {.hold_streams = {0}});
    EXPECT_EQ(hold.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 97
a=rtpmap:97 iLBC/8000
a=sendonly
m=audio 49174 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=recvonly
)"));
    // The RFC's Alice answers with her initial SDP: sendrecv (not the recvonly the RFC 3264
    // §6.1 table asks for) and PCMU, which Bob did not offer. Bob takes it, narrowed: he
    // sends iLBC only and receives nothing on the held stream.
    const SessionDescription alice_answer = sdp_of(crlf(R"(v=0
o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 97
a=rtpmap:0 PCMU/8000
a=rtpmap:97 iLBC/8000
m=audio 49172 RTP/AVP 98
a=rtpmap:98 telephone-event/8000
a=sendonly
)"));
    const NegotiatedSession settled = settle(hold, alice_answer);
    EXPECT_EQ(settled.streams[0].direction, Direction::SendOnly);
    EXPECT_EQ(codec_names(settled.streams[0]), std::vector<std::string>{"iLBC"});
    EXPECT_EQ(settled.streams[1].direction, Direction::RecvOnly);
    // What we answer in Alice's place follows the table instead.
    const MediaCapabilities alice_caps = alice(
        {stream("audio", 49170, {pcmu(), ilbc(97)}), stream("audio", 49172, {}, {tones(98)})});
    const Answer ours = answer_of(hold, alice_caps, {.previous = &offer});
    EXPECT_EQ(ours.sdp.media[0].direction(), Direction::RecvOnly);
    EXPECT_EQ(test::fmt_list(ours.sdp.media[0]), "97");
    EXPECT_EQ(ours.sdp.media[1].direction(), Direction::SendOnly);
    EXPECT_EQ(ours.sdp.origin.session_version, "2890844527");
}

// §4.1 Second Audio Stream Added: Bob's media server adds a tone stream at its own address;
// Alice receives its RTCP on port 49173.
TEST(Rfc4317, Section4_1_SecondAudioStreamAdded) {
    const MediaCapabilities alice_caps = alice(
        {stream("audio", 49170, {pcmu(), ilbc(97)}), stream("audio", 49172, {}, {tones(98)})});
    const SessionDescription offer = sdp_of(crlf(R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0 97
a=rtpmap:0 PCMU/8000
a=rtpmap:97 iLBC/8000
)"));
    MediaCapabilities bob_caps = bob({stream("audio", 49170, {ilbc(97)})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    StreamCapabilities tone_stream = stream("audio", 48282, {}, {tones(98)});
    tone_stream.address = "mediaserver.biloxi.example.com";
    tone_stream.direction = Direction::RecvOnly;
    bob_caps.streams.push_back(tone_stream);
    const SessionDescription second_offer = make_reoffer(answer.sdp, bob_caps);
    EXPECT_EQ(second_offer.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49170 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=audio 48282 RTP/AVP 98
c=IN IP4 mediaserver.biloxi.example.com
a=rtpmap:98 telephone-event/8000
a=recvonly
)"));
    const Answer second = answer_of(second_offer, alice_caps, {.previous = &offer});
    EXPECT_EQ(second.sdp.origin.session_version, "2890844527");
    ASSERT_EQ(second.sdp.media.size(), 2u);
    EXPECT_EQ(second.sdp.media[1].port, 49172);
    EXPECT_EQ(second.sdp.media[1].direction(), Direction::SendOnly);
    const NegotiatedStream& tones_stream = second.negotiated.streams[1];
    EXPECT_EQ(tones_stream.remote_rtp, (TransportAddress{"mediaserver.biloxi.example.com", 48282}));
    EXPECT_EQ(tones_stream.local_rtcp, (TransportAddress{"host.atlanta.example.com", 49173}));
    EXPECT_TRUE(tones_stream.sends());
    EXPECT_FALSE(tones_stream.receives());
}

// §4.2 Audio, then Video Added.
TEST(Rfc4317, Section4_2_VideoAdded) {
    MediaCapabilities alice_caps = alice({stream("audio", 49170, {pcmu()})});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    const MediaCapabilities bob_caps =
        bob({stream("audio", 49172, {pcmu()}), stream("video", 49168, {h261()})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    EXPECT_EQ(answer.sdp.media.size(), 1u);
    alice_caps.streams.push_back(stream("video", 49172, {h261()}));
    const SessionDescription second_offer = make_reoffer(offer, alice_caps);
    EXPECT_EQ(second_offer.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=video 49172 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    const Answer second = answer_of(second_offer, bob_caps, {.previous = &answer.sdp});
    EXPECT_EQ(second.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 0
a=rtpmap:0 PCMU/8000
m=video 49168 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
}

// §4.3 Audio and Video, Then Video Deleted.
TEST(Rfc4317, Section4_3_VideoDeleted) {
    const MediaCapabilities alice_caps =
        alice({stream("audio", 49170, {ilbc(97)}), stream("video", 51372, {h261()})});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    MediaCapabilities bob_caps =
        bob({stream("audio", 49174, {ilbc(97)}), stream("video", 49170, {h261()})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    bob_caps.streams[1].port = 0;
    const SessionDescription second_offer = make_reoffer(answer.sdp, bob_caps);
    EXPECT_EQ(second_offer.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49174 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=video 0 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    const Answer second = answer_of(second_offer, alice_caps, {.previous = &offer});
    EXPECT_EQ(second.sdp.to_string(), crlf(R"(v=0
o=alice 2890844526 2890844527 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 host.atlanta.example.com
t=0 0
m=audio 49170 RTP/AVP 97
a=rtpmap:97 iLBC/8000
m=video 0 RTP/AVP 31
a=rtpmap:31 H261/90000
)"));
    EXPECT_FALSE(second.negotiated.streams[1].active);
}

// §5.1 No Media, Then Audio Added (3pcc).
TEST(Rfc4317, Section5_1_NoMediaThenAudio) {
    MediaCapabilities alice_caps = alice({});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    const MediaCapabilities bob_caps = bob({stream("audio", 49172, {ilbc(97)})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    EXPECT_EQ(answer.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
)"));
    alice_caps.streams.push_back(stream("audio", 49170, {ilbc(97)}));
    const SessionDescription second_offer = make_reoffer(offer, alice_caps);
    EXPECT_EQ(second_offer.origin.session_version, "2890844527");
    const Answer second = answer_of(second_offer, bob_caps, {.previous = &answer.sdp});
    EXPECT_EQ(second.sdp.to_string(), crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)"));
}

// §5.2 Hold and Unhold 2: an offer from 0.0.0.0 ("black holed"); Bob answers normally and
// sends nothing; the second offer gives an address; Bob's answer does not change.
TEST(Rfc4317, Section5_2_BlackHoledOffer) {
    const SessionDescription offer = sdp_of(crlf(R"(v=0
o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com
s= 
c=IN IP4 0.0.0.0
t=0 0
m=audio 23442 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)"));
    const MediaCapabilities bob_caps = bob({stream("audio", 49170, {ilbc(97)})});
    const Answer answer = answer_of(offer, bob_caps, bob_starts());
    const std::string bob_sdp = crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49170 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)");
    EXPECT_EQ(answer.sdp.to_string(), bob_sdp);
    EXPECT_FALSE(answer.negotiated.streams[0].sends());
    EXPECT_TRUE(answer.negotiated.streams[0].receives());
    const SessionDescription second_offer =
        make_reoffer(offer, alice({stream("audio", 49170, {ilbc(97)})}));
    EXPECT_EQ(second_offer.origin.session_version, "2890844527");
    const Answer second = answer_of(second_offer, bob_caps, {.previous = &answer.sdp});
    EXPECT_EQ(second.sdp.to_string(), bob_sdp);
    EXPECT_TRUE(second.negotiated.streams[0].sends());
}

// §5.3 Hold and Unhold 3: Bob's answer is black holed; Alice must not send until Bob's
// re-offer gives an address; Alice's answer is her unchanged SDP.
TEST(Rfc4317, Section5_3_BlackHoledAnswer) {
    const MediaCapabilities alice_caps = alice({stream("audio", 49170, {ilbc(97)})});
    const SessionDescription offer = make_offer(alice_caps, {kAliceId, kAliceId});
    const SessionDescription answer = sdp_of(crlf(R"(v=0
o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 0.0.0.0
t=0 0
m=audio 9322 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)"));
    const NegotiatedSession first = settle(offer, answer);
    EXPECT_FALSE(first.streams[0].sends());
    EXPECT_TRUE(first.streams[0].receives());
    const SessionDescription bob_offer = sdp_of(crlf(R"(v=0
o=bob 2808844564 2808844565 IN IP4 host.biloxi.example.com
s= 
c=IN IP4 host.biloxi.example.com
t=0 0
m=audio 49172 RTP/AVP 97
a=rtpmap:97 iLBC/8000
)"));
    const Answer second = answer_of(bob_offer, alice_caps, {.previous = &offer});
    EXPECT_EQ(second.sdp, offer);  // version 2890844526 still
    EXPECT_TRUE(second.negotiated.streams[0].sends());
}

}  // namespace
}  // namespace dialtone::sdp
