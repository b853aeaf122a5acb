// A whole call's media path on a simulated clock: a tone is G.711-encoded, sent as RTP by
// one session, carried by a network with delay jitter (which reorders packets) and 5%
// loss, received by another session, played out through the jitter buffer and loss
// concealment, and recorded to a WAV file. RTCP runs both ways on its own schedule. The
// recording must hold the tone at its frequency and level, and each side's statistics
// must show the loss and jitter the network was configured with.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "media/g711.hpp"
#include "media/g711_playout.hpp"
#include "media/level.hpp"
#include "media/rtp_session.hpp"
#include "media/tone_generator.hpp"
#include "media/wav_reader.hpp"
#include "media/wav_writer.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr double kToneHz = 1020;  // not a whole number of periods per 20 ms frame
constexpr double kToneDbm0 = -10;
constexpr double kLossRate = 0.05;
constexpr double kBaseDelayMs = 40;
constexpr double kJitterMs = 60;  // one-way delay is base + uniform(0, jitter)
constexpr int kFrames = 1000;     // 20 s

// A one-way path: each datagram is lost with probability `loss`, else delivered after
// base + uniform(0, jitter); delivery order follows the delays, so packets reorder.
class Path {
  public:
    Path(std::uint32_t seed, double loss) : rng_(seed), loss_(loss) {}

    void send(Instant now, Bytes datagram) {
        ++sent_;
        if (std::bernoulli_distribution(loss_)(rng_)) {
            ++lost_;
            return;
        }
        const double ms = kBaseDelayMs + std::uniform_real_distribution<double>(0, kJitterMs)(rng_);
        in_flight_.emplace(now + Duration(static_cast<std::int64_t>(ms * 1000)),
                           std::move(datagram));
    }

    // Hands every datagram due by `now` to `deliver(arrival, bytes)`.
    template <class Deliver>
    void deliver_due(Instant now, Deliver deliver) {
        while (!in_flight_.empty() && in_flight_.begin()->first <= now) {
            auto node = in_flight_.extract(in_flight_.begin());
            deliver(node.key(), node.mapped());
        }
    }

    int sent() const { return sent_; }
    int lost() const { return lost_; }

  private:
    std::mt19937 rng_;
    double loss_;
    std::multimap<Instant, Bytes> in_flight_;
    int sent_ = 0;
    int lost_ = 0;
};

RtpSessionConfig session_config(std::string cname) {
    RtpSessionConfig c;
    c.cname = std::move(cname);
    c.ntp_at_epoch = ntp_from_unix(Duration(1'700'000'000'000'000LL));
    return c;
}

TEST(SyntheticCall, ToneSurvivesJitterAndLossAndRtcpReportsThem) {
    test::TempDir dir;
    const auto recording = dir / "call.wav";

    RtpSession alice(session_config("alice@192.0.2.1"), test::seeded_random(11), at_ms(0));
    RtpSession bob(session_config("bob@192.0.2.2"), test::seeded_random(22), at_ms(0));
    Path rtp_a_to_b(1, kLossRate);
    Path rtcp_a_to_b(2, 0.0);  // RTCP is not lost here, so the checks below see every report
    Path rtcp_b_to_a(3, 0.0);

    ToneGenerator tone = ToneGenerator::sine(kToneHz, kToneDbm0);
    G711Playout playout(G711Law::Ulaw);
    auto writer = WavWriter::create(recording, kNarrowbandRate);
    ASSERT_TRUE(writer) << writer.error();

    int frames_sent = 0;
    int frames_played = 0;
    int reports_from_bob = 0;
    const int end_ms = kFrames * 20 + 1000;
    for (int ms = 0; ms <= end_ms; ++ms) {
        const Instant now = at_ms(ms);
        // Alice speaks: one 20 ms frame every 20 ms.
        if (ms % 20 == 0 && frames_sent < kFrames) {
            const auto pcm = tone.next_frame();
            std::array<std::uint8_t, kSamplesPerFrame> coded{};
            g711_encode(G711Law::Ulaw, pcm, coded);
            Bytes wire;
            alice.send_audio(now, kPayloadTypePcmu, coded, kSamplesPerFrame, false, wire);
            rtp_a_to_b.send(now, std::move(wire));
            ++frames_sent;
        }
        rtp_a_to_b.deliver_due(now, [&](Instant arrival, const Bytes& d) {
            const RtpArrival r = bob.on_rtp(arrival, d);
            if (r.kind == RtpArrivalKind::Media &&
                r.packet.header.payload_type == kPayloadTypePcmu) {
                playout.put(r.packet.header.sequence, r.packet.header.timestamp,
                            r.packet.header.marker, arrival, r.packet.payload);
            }
        });
        rtcp_a_to_b.deliver_due(
            now, [&](Instant arrival, const Bytes& d) { ASSERT_TRUE(bob.on_rtcp(arrival, d)); });
        rtcp_b_to_a.deliver_due(now, [&](Instant arrival, const Bytes& d) {
            ASSERT_TRUE(alice.on_rtcp(arrival, d));
            ++reports_from_bob;
        });
        // Bob's loudspeaker ticks every 20 ms, out of phase with Alice's sending.
        if (ms % 20 == 7) {
            const auto frame = playout.get(now);
            ASSERT_TRUE(writer->write(frame));
            ++frames_played;
        }
        if (now >= alice.next_rtcp_at()) {
            Bytes report;
            alice.write_report(now, report);
            rtcp_a_to_b.send(now, std::move(report));
        }
        if (now >= bob.next_rtcp_at()) {
            Bytes report;
            bob.write_report(now, report);
            rtcp_b_to_a.send(now, std::move(report));
        }
    }
    Bytes bye;
    alice.write_bye(at_ms(end_ms), "bye", bye);
    ASSERT_TRUE(bob.on_rtcp(at_ms(end_ms + 50), bye));
    ASSERT_TRUE(writer->close());

    // The recording: as long as what was played, the tone at its frequency and level.
    auto audio = read_wav_file(recording, kNarrowbandRate);
    ASSERT_TRUE(audio) << audio.error();
    ASSERT_EQ(audio->samples.size(), static_cast<std::size_t>(frames_played) * kSamplesPerFrame);
    // The steady part: after the buffer filled, before the stream ended.
    const std::span<const std::int16_t> steady =
        std::span(audio->samples)
            .subspan(kNarrowbandRate / 2, static_cast<std::size_t>(kNarrowbandRate) * 18);
    EXPECT_NEAR(test::zero_crossing_frequency(steady, kNarrowbandRate), kToneHz, 1.0);
    const double level = dbm0_for_rms(test::rms(steady));
    EXPECT_NEAR(level, kToneDbm0, 0.5);
    const double peak = sine_peak_for_dbm0(kToneDbm0);
    EXPECT_NEAR(test::goertzel_amplitude(steady, kToneHz, kNarrowbandRate) / peak, 1.0, 0.1);
    EXPECT_LT(test::goertzel_amplitude(steady, kToneHz * 2, kNarrowbandRate) / peak, 0.03);

    // The network did what it was told.
    const double network_loss = static_cast<double>(rtp_a_to_b.lost()) / rtp_a_to_b.sent();
    EXPECT_NEAR(network_loss, kLossRate, 0.015);

    // Bob measured the loss and the jitter. For delays base + U(0, J), consecutive
    // transits differ by |U1 - U2|, whose mean is J / 3: the §A.8 estimate hovers there.
    const RtpStatistics b = bob.statistics();
    EXPECT_EQ(b.remote_ssrc, alice.ssrc());
    EXPECT_EQ(b.remote_cname, "alice@192.0.2.1");
    EXPECT_NEAR(b.loss_percent / 100, network_loss, 0.003);
    EXPECT_NEAR(b.jitter_ms, kJitterMs / 3, 6.0);
    EXPECT_TRUE(b.peer_said_bye);
    EXPECT_GT(b.rtcp_received, 2u);

    // Alice learned them from Bob's receiver reports, and the round trip from LSR/DLSR.
    EXPECT_GE(reports_from_bob, 3);
    const RtpStatistics a = alice.statistics();
    EXPECT_EQ(a.packets_sent, static_cast<std::uint64_t>(kFrames));
    ASSERT_TRUE(a.peer_report);
    const double reported_loss = static_cast<double>(a.peer_report->cumulative_lost) / kFrames;
    EXPECT_NEAR(reported_loss, network_loss, 0.01);
    EXPECT_NEAR(a.peer_report->jitter_ms, kJitterMs / 3, 6.0);
    ASSERT_TRUE(a.round_trip_ms);
    EXPECT_GE(*a.round_trip_ms, 2 * kBaseDelayMs);
    EXPECT_LE(*a.round_trip_ms, 2 * (kBaseDelayMs + kJitterMs));

    // The jitter buffer: a target near the 97th percentile of the extra delay, and few
    // frames given up beyond the network's losses.
    const JitterBufferStats& jb = playout.buffer().stats();
    EXPECT_GE(jb.target_delay, Duration(50'000));
    EXPECT_LE(jb.target_delay, Duration(70'000));
    EXPECT_GE(jb.played, static_cast<std::uint64_t>(kFrames * 0.9));
    EXPECT_LE(static_cast<double>(jb.lost) / kFrames, network_loss + 0.04);
    EXPECT_EQ(jb.resyncs, 0u);
}

}  // namespace
}  // namespace dialtone::media
