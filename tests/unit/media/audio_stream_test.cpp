// The sans-I/O audio stream of a call on a simulated clock: two streams wired back to back,
// one playing a tone and DTMF, the other playing out what arrives. Checks the audio path,
// RFC 4733 events both ways of the direction rules (RFC 3264 §5.1, §8.4), and that each
// side's RTCP (RFC 3550 §6.4.1) tells it what the other counted.

#include "media/audio_stream.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "media/rtp_packet.hpp"
#include "media/tone_analysis.hpp"
#include "media/tone_generator.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

constexpr std::uint8_t kEventPt = 101;

AudioStreamConfig config(std::string cname, G711Law law, std::uint8_t pt) {
    AudioStreamConfig c;
    c.send_law = law;
    c.send_payload_type = pt;
    c.receive_codecs = {{kPayloadTypePcmu, G711Law::Ulaw}, {kPayloadTypePcma, G711Law::Alaw}};
    c.send_event_payload_type = kEventPt;
    c.receive_event_payload_type = kEventPt;
    c.rtp.cname = std::move(cname);
    return c;
}

struct Pair {
    AudioStream a{config("a@test", G711Law::Ulaw, kPayloadTypePcmu), test::seeded_random(1),
                  at_ms(0)};
    AudioStream b{config("b@test", G711Law::Alaw, kPayloadTypePcma), test::seeded_random(2),
                  at_ms(0)};
    ToneGenerator tone = ToneGenerator::sine(1000, -10);
    std::vector<std::int16_t> heard_by_b;
    std::string digits_at_b;
    int rtp_a_to_b = 0;
    int rtp_b_to_a = 0;
    int ms = 0;

    // Runs `frames` ticks of 20 ms; packets arrive 5 ms after they are sent.
    void run(int frames) {
        for (int i = 0; i < frames; ++i, ms += 20) {
            const Instant now = at_ms(ms);
            TickOutput from_a = a.tick(now, tone.next_frame());
            TickOutput from_b = b.tick(now, AudioFrame{});
            heard_by_b.insert(heard_by_b.end(), from_b.playout.begin(), from_b.playout.end());
            if (from_a.rtp) {
                ++rtp_a_to_b;
                if (auto e = b.on_rtp(now + Duration(5000), *from_a.rtp); e && e->digit)
                    digits_at_b += *e->digit;
            }
            if (from_b.rtp) {
                ++rtp_b_to_a;
                a.on_rtp(now + Duration(5000), *from_b.rtp);
            }
            if (a.rtcp_due(now)) {
                EXPECT_TRUE(b.on_rtcp(now + Duration(5000), a.write_rtcp(now)));
            }
            if (b.rtcp_due(now)) {
                EXPECT_TRUE(a.on_rtcp(now + Duration(5000), b.write_rtcp(now)));
            }
        }
    }
};

TEST(AudioStream, ToneAndDigitsCrossAndRtcpCountsAgree_Rfc3550_6_4_1_Rfc4733_2_5) {
    Pair p;
    p.run(50);
    ASSERT_TRUE(p.a.queue_digits("123#"));
    EXPECT_EQ(p.a.digits_pending(), 4u);
    p.run(500);  // 11 s: several RTCP intervals
    EXPECT_EQ(p.digits_at_b, "123#");
    EXPECT_EQ(p.a.digits_pending(), 0u);

    const ToneAnalysis heard = analyse_tone(p.heard_by_b, kNarrowbandRate);
    EXPECT_FALSE(heard.silence);
    ASSERT_TRUE(heard.dominant_frequency);
    EXPECT_TRUE(frequency_within(*heard.dominant_frequency, 1000, 0.02))
        << *heard.dominant_frequency;

    const AudioStreamStatistics sa = p.a.statistics();
    const AudioStreamStatistics sb = p.b.statistics();
    EXPECT_EQ(sa.rtp.packets_sent, static_cast<std::uint64_t>(p.rtp_a_to_b));
    EXPECT_EQ(sa.audio_packets_sent + sa.event_packets_sent, sa.rtp.packets_sent);
    // Four digits, each 5 updates and 2 more final reports (RFC 4733 §2.5.1.4).
    EXPECT_EQ(sa.event_packets_sent, 4u * 7u);
    EXPECT_EQ(sa.digits_sent, 4u);
    EXPECT_EQ(sb.digits_received, 4u);
    // B counts all but the first packet, which §A.1 probation holds back.
    EXPECT_EQ(sb.rtp.packets_received + 1, sa.rtp.packets_sent);
    EXPECT_EQ(sb.rtp.packets_lost, 0);
    ASSERT_TRUE(sb.rtp.peer_sender_report);
    ASSERT_TRUE(sa.rtp.peer_report);
    ASSERT_TRUE(sa.peer_received);
    // The last report each way was a snapshot: within one RTCP interval of traffic.
    EXPECT_LE(*sa.peer_received, static_cast<std::int64_t>(sa.rtp.packets_sent));
    EXPECT_GT(*sa.peer_received, static_cast<std::int64_t>(sa.rtp.packets_sent) - 400);
    EXPECT_EQ(sa.rtp.peer_report->cumulative_lost, 0);
    EXPECT_TRUE(sa.rtp.round_trip_ms);

    // A final SR (in the BYE) and a final RR answer carry the end counts exactly.
    const Instant end = at_ms(p.ms);
    ASSERT_TRUE(p.b.on_rtcp(end, p.a.write_bye(end, "bye")));
    ASSERT_TRUE(p.a.on_rtcp(end, p.b.write_bye(end, "bye")));
    const AudioStreamStatistics fa = p.a.statistics();
    const AudioStreamStatistics fb = p.b.statistics();
    EXPECT_EQ(fb.rtp.peer_sender_report->packets, fa.rtp.packets_sent);
    EXPECT_EQ(*fa.peer_received, static_cast<std::int64_t>(fa.rtp.packets_sent));
    EXPECT_EQ(*fb.peer_received, static_cast<std::int64_t>(fb.rtp.packets_sent));
    EXPECT_TRUE(fa.rtp.peer_said_bye);
    EXPECT_TRUE(fb.rtp.peer_said_bye);
}

TEST(AudioStream, HeldStreamSendsNoRtpButKeepsItsClock_Rfc3264_8_4) {
    Pair p;
    p.run(10);
    const int before = p.rtp_a_to_b;
    ASSERT_TRUE(p.a.queue_digits("55"));
    p.run(1);                             // the first digit starts
    p.a.set_direction(false, true);       // A holds: it stops sending
    EXPECT_EQ(p.a.digits_pending(), 0u);  // a digit cannot be heard while held
    EXPECT_FALSE(p.a.queue_digits("5"));
    const int sent_when_held = p.rtp_a_to_b;
    p.run(25);
    EXPECT_EQ(p.rtp_a_to_b, sent_when_held);
    EXPECT_GT(sent_when_held, before);
}

TEST(AudioStream, ResumedStreamJumpsTimestampsByTheHeldTimeAndMarksTheTalkspurt) {
    AudioStream a(config("a@test", G711Law::Ulaw, kPayloadTypePcmu), test::seeded_random(1),
                  at_ms(0));
    const AudioFrame silence{};
    auto first = a.tick(at_ms(0), silence);
    ASSERT_TRUE(first.rtp);
    const std::uint32_t t0 = parse_rtp(*first.rtp)->header.timestamp;
    a.set_direction(false, true);
    for (int i = 1; i <= 10; ++i)
        EXPECT_FALSE(a.tick(at_ms(20 * i), silence).rtp);
    a.set_direction(true, true);
    auto resumed = a.tick(at_ms(220), silence);
    ASSERT_TRUE(resumed.rtp);
    const auto h = parse_rtp(*resumed.rtp)->header;
    EXPECT_EQ(h.timestamp - t0, 11u * kSamplesPerFrame);
    EXPECT_TRUE(h.marker);  // RFC 3551 §4.1: first packet after a pause in sending
}

TEST(AudioStream, NotReceivingIgnoresAudioAndDigits_Rfc3264_5_1) {
    Pair p;
    p.b.set_direction(true, false);
    ASSERT_TRUE(p.a.queue_digits("9"));
    p.run(100);
    EXPECT_EQ(p.digits_at_b, "");
    EXPECT_TRUE(analyse_tone(p.heard_by_b, kNarrowbandRate).silence);
    const auto sb = p.b.statistics();
    EXPECT_GT(sb.packets_ignored, 90u);
    // Still counted for RTCP.
    EXPECT_EQ(sb.rtp.packets_received + 1, static_cast<std::uint64_t>(p.rtp_a_to_b));

    // Receiving again: the tone is heard.
    p.b.set_direction(true, true);
    const std::size_t from = p.heard_by_b.size();
    p.run(50);
    const std::span<const std::int16_t> after(p.heard_by_b.data() + from,
                                              p.heard_by_b.size() - from);
    const ToneAnalysis heard = analyse_tone(after, kNarrowbandRate);
    EXPECT_FALSE(heard.silence);
    EXPECT_TRUE(frequency_within(heard.dominant_frequency.value_or(0), 1000, 0.02));
}

TEST(AudioStream, UnnegotiatedPayloadTypeIsIgnored) {
    AudioStream b(config("b@test", G711Law::Ulaw, kPayloadTypePcmu), test::seeded_random(2),
                  at_ms(0));
    for (std::uint16_t i = 0; i < 20; ++i) {
        RtpPacket packet;
        packet.header.payload_type = 18;  // G.729: not offered
        packet.header.sequence = i;
        packet.header.timestamp = 160u * i;
        packet.header.ssrc = 0x1234;
        const std::array<std::uint8_t, 20> payload{};
        packet.payload = payload;
        std::vector<std::uint8_t> bytes;
        write_rtp(packet, bytes);
        EXPECT_FALSE(b.on_rtp(at_ms(20 * i), bytes));
    }
    const auto s = b.statistics();
    EXPECT_EQ(s.packets_ignored, 19u);  // the first was on probation
    EXPECT_EQ(s.playout.received, 0u);
}

TEST(AudioStream, DigitsAreRefusedWithoutTelephoneEventOrForBadCharacters_Rfc4733_3_2) {
    auto c = config("a@test", G711Law::Ulaw, kPayloadTypePcmu);
    AudioStream with(c, test::seeded_random(1), at_ms(0));
    EXPECT_FALSE(with.queue_digits("12x"));
    EXPECT_EQ(with.digits_pending(), 0u);
    EXPECT_TRUE(with.queue_digits("0*#AbcD"));
    EXPECT_EQ(with.digits_pending(), 7u);
    c.send_event_payload_type.reset();
    AudioStream without(c, test::seeded_random(1), at_ms(0));
    EXPECT_FALSE(without.queue_digits("1"));
}

}  // namespace
}  // namespace dialtone::media
