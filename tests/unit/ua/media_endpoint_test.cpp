// Two media endpoints on 127.0.0.1 with a real io_context: a call's audio over real UDP
// sockets and real 20 ms timers. A plays a 1000 Hz tone and sends DTMF; B records and
// reports digits; at the end each sends an RTCP BYE with its last report (RFC 3550 §6.6),
// and each side's statistics must agree with what the other counted. Bounded to a few
// seconds of wall time.

#include "ua/media_endpoint.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cmath>
#include <functional>
#include <string>

#include "dialtone/sip/sdp/event_set.hpp"
#include "media/tone_analysis.hpp"
#include "media/wav_reader.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::ua {
namespace {

using namespace std::chrono_literals;

MediaEndpointConfig loopback_config() {
    MediaEndpointConfig c;
    c.local_address = "127.0.0.1";
    c.ports = {20000, 59999};
    return c;
}

sdp::NegotiatedStream stream_to(const MediaEndpoint& peer,
                                sdp::Direction direction = sdp::Direction::SendRecv) {
    sdp::NegotiatedStream s;
    s.media = "audio";
    s.proto = "RTP/AVP";
    s.active = true;
    s.direction = direction;
    s.codecs = {{"PCMU", 8000, 1, 0, 0, "", ""}, {"PCMA", 8000, 1, 8, 8, "", ""}};
    s.telephone_event = sdp::NegotiatedTelephoneEvent{8000, 101, 101, sdp::EventSet::range(0, 15),
                                                      sdp::EventSet::range(0, 15)};
    s.remote_rtp = {"127.0.0.1", peer.rtp_port()};
    s.remote_rtcp = {"127.0.0.1", peer.rtcp_port()};
    return s;
}

// Runs the loop until `done` holds or `limit` of wall time passed; true if it held.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        if (io.stopped()) io.restart();
        io.run_for(10ms);
    }
    return true;
}

std::shared_ptr<MediaEndpoint> open(boost::asio::io_context& io,
                                    MediaEndpointConfig config = loopback_config()) {
    auto e = MediaEndpoint::open(io, std::move(config));
    EXPECT_TRUE(e) << (e ? "" : e.error());
    return e ? *e : nullptr;
}

bool within_percent(double a, double b, double percent) {
    return std::abs(a - b) <= percent / 100.0 * std::max(a, b);
}

TEST(MediaEndpoint, ToneAndDigitsCrossLoopbackAndRtcpCountsAgree_Rfc3550_6_4_Rfc4733) {
    media::test::TempDir dir;
    const auto recording = dir / "b.wav";
    boost::asio::io_context io;
    auto a = open(io);
    auto b = open(io);
    ASSERT_TRUE(a && b);
    // RFC 3550 §11: RTP on an even port, RTCP on the next.
    EXPECT_EQ(a->rtp_port() % 2, 0);
    EXPECT_EQ(a->rtcp_port(), a->rtp_port() + 1);

    a->set_source(AudioSource::tone(1000, -10));
    auto sink = AudioSink::wav_file(recording);
    ASSERT_TRUE(sink) << sink.error();
    b->set_sink(std::move(*sink));
    std::string digits;
    b->on_digit([&](char d) { digits += d; });

    ASSERT_TRUE(a->apply(stream_to(*b)));
    ASSERT_TRUE(b->apply(stream_to(*a)));
    ASSERT_TRUE(a->send_digits("123#"));

    // 3 s of audio played at B (150 frames), and the digits, within 6 s.
    ASSERT_TRUE(run_until(
        io, [&] { return digits == "123#" && b->statistics()->stream.playout.played >= 150; },
        6000ms))
        << "digits so far: " << digits;

    // Both stop sending (inactive), and everything in flight arrives: B counts all but
    // the first packet A sent (held back by RFC 3550 §A.1 probation), and A likewise.
    ASSERT_TRUE(a->apply(stream_to(*b, sdp::Direction::Inactive)));
    ASSERT_TRUE(b->apply(stream_to(*a, sdp::Direction::Inactive)));
    ASSERT_TRUE(run_until(
        io,
        [&] {
            const auto x = a->statistics()->stream.rtp;
            const auto y = b->statistics()->stream.rtp;
            return y.packets_received + 1 == x.packets_sent &&
                   x.packets_received + 1 == y.packets_sent;
        },
        2000ms));
    // A hangs up first; B answers the BYE with its own once it has A's.
    a->stop("bye");
    ASSERT_TRUE(run_until(
        io, [&] { return b->statistics()->stream.rtp.peer_said_bye; }, 2000ms));
    b->stop("bye");
    ASSERT_TRUE(run_until(
        io, [&] { return a->statistics()->stream.rtp.peer_said_bye; }, 2000ms));

    const MediaEndpointStatistics sa = *a->statistics();
    const MediaEndpointStatistics sb = *b->statistics();
    EXPECT_EQ(sa.send_errors, 0u);
    EXPECT_EQ(sb.send_errors, 0u);
    EXPECT_EQ(sa.stream.digits_sent, 4u);
    EXPECT_EQ(sb.stream.digits_received, 4u);
    EXPECT_GT(sa.stream.rtp.packets_sent, 150u);
    EXPECT_GT(sb.stream.rtp.packets_sent, 150u);
    // Each way: what the receiver counted, what the sender's last SR said, and what the
    // receiver's last report block told the sender, within 1% of each other.
    for (const auto* pair : {&sa, &sb}) {
        const MediaEndpointStatistics& sender = *pair;
        const MediaEndpointStatistics& receiver = pair == &sa ? sb : sa;
        const auto sent = static_cast<double>(sender.stream.rtp.packets_sent);
        ASSERT_TRUE(receiver.stream.rtp.peer_sender_report);
        EXPECT_EQ(receiver.stream.rtp.peer_sender_report->packets, sender.stream.rtp.packets_sent);
        EXPECT_TRUE(
            within_percent(static_cast<double>(receiver.stream.rtp.packets_received), sent, 1.0))
            << receiver.stream.rtp.packets_received << " of " << sent;
        ASSERT_TRUE(sender.stream.peer_received);
        EXPECT_TRUE(within_percent(static_cast<double>(*sender.stream.peer_received), sent, 1.0))
            << *sender.stream.peer_received << " of " << sent;
        ASSERT_TRUE(sender.stream.rtp.peer_report);
        EXPECT_EQ(sender.stream.rtp.peer_report->cumulative_lost, 0);
        EXPECT_EQ(receiver.stream.rtp.packets_lost, 0);
    }
    a->close();
    b->close();

    auto audio = media::read_wav_file(recording, media::kNarrowbandRate);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_GE(audio->samples.size(), 150u * media::kSamplesPerFrame);
    const media::ToneAnalysis heard = media::analyse_tone(audio->samples, media::kNarrowbandRate);
    EXPECT_FALSE(heard.silence);
    ASSERT_TRUE(heard.dominant_frequency);
    EXPECT_TRUE(media::frequency_within(*heard.dominant_frequency, 1000, 0.02))
        << *heard.dominant_frequency;
}

TEST(MediaEndpoint, SymmetricRtpLatchesOntoWhereThePeerSendsFrom) {
    boost::asio::io_context io;
    auto a = open(io);
    auto config = loopback_config();
    config.symmetric_rtp = true;
    auto b = open(io, config);
    // A third endpoint's ports stand for an SDP address that leads nowhere useful (a NAT's
    // private side): nothing B sends there reaches A.
    auto nowhere = open(io);
    ASSERT_TRUE(a && b && nowhere);
    ASSERT_TRUE(a->apply(stream_to(*b)));
    ASSERT_TRUE(b->apply(stream_to(*nowhere)));
    ASSERT_TRUE(run_until(
        io, [&] { return a->statistics()->stream.rtp.packets_received >= 20; }, 3000ms));
    const auto sb = *b->statistics();
    EXPECT_TRUE(sb.latched);
    EXPECT_EQ(sb.remote_rtp, "127.0.0.1:" + std::to_string(a->rtp_port()));
    a->close();
    b->close();
    nowhere->close();
}

TEST(MediaEndpoint, HeldStreamStopsSendingAndInactiveIgnoresAudio_Rfc3264_8_4) {
    boost::asio::io_context io;
    auto a = open(io);
    auto b = open(io);
    ASSERT_TRUE(a && b);
    a->set_source(AudioSource::tone(440));
    ASSERT_TRUE(a->apply(stream_to(*b)));
    ASSERT_TRUE(b->apply(stream_to(*a)));
    ASSERT_TRUE(run_until(
        io, [&] { return b->statistics()->stream.rtp.packets_received >= 10; }, 3000ms));

    // B holds A (B sendonly, so A recvonly): A stops sending; B goes on.
    ASSERT_TRUE(a->apply(stream_to(*b, sdp::Direction::RecvOnly)));
    ASSERT_TRUE(b->apply(stream_to(*a, sdp::Direction::SendOnly)));
    const auto a_sent = a->statistics()->stream.rtp.packets_sent;
    const auto a_got = a->statistics()->stream.rtp.packets_received;
    ASSERT_TRUE(run_until(
        io, [&] { return a->statistics()->stream.rtp.packets_received >= a_got + 25; }, 3000ms));
    EXPECT_EQ(a->statistics()->stream.rtp.packets_sent, a_sent);
    EXPECT_FALSE(a->send_digits("1"));

    // Inactive at B: it stops sending too, and ignores what A sends once resumed.
    ASSERT_TRUE(b->apply(stream_to(*a, sdp::Direction::Inactive)));
    ASSERT_TRUE(a->apply(stream_to(*b, sdp::Direction::SendRecv)));
    const auto b_ignored = b->statistics()->stream.packets_ignored;
    ASSERT_TRUE(run_until(
        io, [&] { return b->statistics()->stream.packets_ignored >= b_ignored + 25; }, 3000ms));
    EXPECT_GT(a->statistics()->stream.rtp.packets_sent, a_sent);
    a->close();
    b->close();
}

TEST(MediaEndpoint, RejectedStreamStopsAndBadAddressesAreReported) {
    boost::asio::io_context io;
    auto a = open(io);
    auto b = open(io);
    ASSERT_TRUE(a && b);
    auto bad = stream_to(*b);
    bad.remote_rtp.address = "bob.example.test";
    auto applied = a->apply(bad);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().find("bob.example.test"), std::string::npos);
    EXPECT_FALSE(a->running());

    ASSERT_TRUE(a->apply(stream_to(*b)));
    EXPECT_TRUE(a->running());
    auto rejected = stream_to(*b);
    rejected.active = false;  // port 0 in a re-offer (RFC 3264 §8.2)
    ASSERT_TRUE(a->apply(rejected));
    EXPECT_FALSE(a->running());
    EXPECT_FALSE(a->apply(stream_to(*b)));
    a->close();
    b->close();
}

TEST(PortPair, PairsAreEvenOddAndARangeRunsOut_Rfc3550_11) {
    boost::asio::io_context io;
    // Look for four free ports in a row; other processes may hold some.
    for (std::uint16_t base = 41000; base < 41400; base += 4) {
        auto first = bind_port_pair(io, "127.0.0.1", {base, static_cast<std::uint16_t>(base + 3)});
        if (!first) continue;
        auto second = bind_port_pair(io, "127.0.0.1", {base, static_cast<std::uint16_t>(base + 3)});
        if (!second) continue;
        const auto p1 = first->rtp.local_endpoint().port();
        const auto p2 = second->rtp.local_endpoint().port();
        EXPECT_EQ(p1 % 2, 0);
        EXPECT_EQ(p2 % 2, 0);
        EXPECT_NE(p1, p2);
        EXPECT_EQ(first->rtcp.local_endpoint().port(), p1 + 1);
        auto third = bind_port_pair(io, "127.0.0.1", {base, static_cast<std::uint16_t>(base + 3)});
        ASSERT_FALSE(third);
        EXPECT_NE(third.error().find("in use"), std::string::npos) << third.error();
        return;
    }
    FAIL() << "no four free ports in a row between 41000 and 41400";
}

TEST(PortPair, BadAddressAndEmptyRangeAreErrors) {
    boost::asio::io_context io;
    auto host = bind_port_pair(io, "not-an-ip", {20000, 20001});
    ASSERT_FALSE(host);
    EXPECT_NE(host.error().find("not-an-ip"), std::string::npos);
    // An odd first port and no room for its partner.
    auto empty = bind_port_pair(io, "127.0.0.1", {20001, 20002});
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().find("no even/odd port pair"), std::string::npos);
}

}  // namespace
}  // namespace dialtone::ua
