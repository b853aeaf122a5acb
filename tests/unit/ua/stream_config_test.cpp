// From negotiated SDP to the audio stream's settings (RFC 3264 §5.1, §6.1; RFC 4733 §2.4.1).

#include "ua/stream_config.hpp"

#include <gtest/gtest.h>

#include "dialtone/sip/sdp/event_set.hpp"
#include "ua/audio_source.hpp"

namespace dialtone::ua {
namespace {

sdp::NegotiatedStream negotiated() {
    sdp::NegotiatedStream s;
    s.active = true;
    s.direction = sdp::Direction::SendRecv;
    // The peer prefers PCMA and numbers telephone-event 96; we numbered it 101.
    s.codecs = {{"opus", 48000, 2, 111, 111, "", ""},
                {"PCMA", 8000, 1, 8, 8, "", ""},
                {"pcmu", 8000, 1, 0, 0, "", ""}};
    s.telephone_event = sdp::NegotiatedTelephoneEvent{8000, 96, 101, sdp::EventSet::range(0, 15),
                                                      sdp::EventSet::range(0, 16)};
    return s;
}

TEST(StreamConfig, SendsThePeersFirstG711WithItsPayloadTypes_Rfc3264_6_1) {
    auto c = audio_config_for(negotiated(), {});
    ASSERT_TRUE(c) << c.error();
    EXPECT_EQ(c->send_law, media::G711Law::Alaw);
    EXPECT_EQ(c->send_payload_type, 8);
    ASSERT_EQ(c->receive_codecs.size(), 2u);
    EXPECT_EQ(c->receive_codecs[1].payload_type, 0);
    EXPECT_EQ(c->receive_codecs[1].law, media::G711Law::Ulaw);
    EXPECT_EQ(c->send_event_payload_type, 96);
    EXPECT_EQ(c->receive_event_payload_type, 101);
    EXPECT_TRUE(c->send);
    EXPECT_TRUE(c->receive);
}

TEST(StreamConfig, DirectionFollowsTheNegotiation_Rfc3264_8_4) {
    auto s = negotiated();
    s.direction = sdp::Direction::SendOnly;
    auto c = audio_config_for(s, {});
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->send);
    EXPECT_FALSE(c->receive);
    s.direction = sdp::Direction::Inactive;
    c = audio_config_for(s, {});
    EXPECT_FALSE(c->send);
    EXPECT_FALSE(c->receive);
}

TEST(StreamConfig, NoDigitsSentToAPeerThatDoesNotTakeThem_Rfc4733_2_4_1) {
    auto s = negotiated();
    s.telephone_event->send_events = sdp::EventSet::range(0, 9);  // no * or #
    auto c = audio_config_for(s, {});
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->send_event_payload_type);
    EXPECT_EQ(c->receive_event_payload_type, 101);
    s.telephone_event.reset();
    c = audio_config_for(s, {});
    EXPECT_FALSE(c->receive_event_payload_type);
}

TEST(StreamConfig, RejectedOrNonG711StreamsAreErrors) {
    auto s = negotiated();
    s.active = false;
    EXPECT_FALSE(audio_config_for(s, {}));
    s = negotiated();
    s.codecs.erase(s.codecs.begin() + 1, s.codecs.end());
    auto c = audio_config_for(s, {});
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().find("PCMU or PCMA"), std::string::npos);
}

TEST(AudioSource, FilePlaysOnceThenSilenceOrLoops) {
    std::vector<std::int16_t> pcm(250);
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<std::int16_t>(i + 1);
    auto once = AudioSource::samples(pcm, false);
    auto f1 = once.next_frame();
    EXPECT_EQ(f1[0], 1);
    EXPECT_FALSE(once.finished());
    auto f2 = once.next_frame();
    EXPECT_EQ(f2[89], 250);
    EXPECT_EQ(f2[90], 0);
    EXPECT_TRUE(once.finished());

    auto looped = AudioSource::samples(pcm, true);
    looped.next_frame();
    auto g2 = looped.next_frame();
    EXPECT_EQ(g2[89], 250);
    EXPECT_EQ(g2[90], 1);
    EXPECT_FALSE(looped.finished());
}

}  // namespace
}  // namespace dialtone::ua
