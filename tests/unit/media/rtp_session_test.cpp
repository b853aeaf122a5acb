#include "media/rtp_session.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "media/rtcp_packet.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

// 2023-11-14 22:13:20 UTC as the media clock's epoch.
const NtpTime kWallAtEpoch = ntp_from_unix(Duration(1'700'000'000'000'000LL));

RtpSessionConfig config(std::string cname) {
    RtpSessionConfig c;
    c.cname = std::move(cname);
    c.ntp_at_epoch = kWallAtEpoch;
    c.telephone_event_payload_type = 101;
    return c;
}

std::vector<RtcpPacket> parsed_rtcp(const Bytes& wire) {
    auto p = parse_rtcp(wire);
    EXPECT_TRUE(p) << (p ? "" : p.error());
    return p ? *p : std::vector<RtcpPacket>{};
}

// Sends `frames` 20 ms frames from `from` starting at `t0`, delivering each to `to` after
// `delay` (frames listed in `lost` are dropped).
void send_frames(RtpSession& from, RtpSession& to, Instant t0, int frames, Duration delay,
                 std::vector<int> lost = {}) {
    const Bytes payload(160, 0xff);
    for (int k = 0; k < frames; ++k) {
        const Instant now = t0 + Duration(k * 20'000);
        Bytes wire;
        from.send_audio(now, 0, payload, 160, false, wire);
        if (std::find(lost.begin(), lost.end(), k) != lost.end()) continue;
        to.on_rtp(now + delay, wire);
    }
}

TEST(RtpSession, Rfc3550_8_1_SsrcAndStartValuesFromTheRandomSource) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("b@x"), test::seeded_random(1), at_ms(0));
    RtpSession c(config("c@x"), test::seeded_random(2), at_ms(0));
    EXPECT_EQ(a.ssrc(), b.ssrc());
    EXPECT_NE(a.ssrc(), c.ssrc());
}

// §6.2/§6.3.1: the first report comes after half the minimum interval, randomized.
TEST(RtpSession, Rfc3550_6_3_1_FirstReportAfterHalfTheMinimumRandomized) {
    for (std::uint32_t seed = 0; seed < 20; ++seed) {
        RtpSession s(config("a@x"), test::seeded_random(seed), at_ms(1000));
        const Duration wait = s.next_rtcp_at() - at_ms(1000);
        EXPECT_GE(wait, Duration(static_cast<std::int64_t>(2.5e6 * 0.5 / 1.21828)));
        EXPECT_LE(wait, Duration(static_cast<std::int64_t>(2.5e6 * 1.5 / 1.21828)));
    }
}

TEST(RtpSession, Rfc3550_6_4_1_SenderReportAfterSending) {
    RtpSession a(config("alice@192.0.2.1"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("bob@192.0.2.2"), test::seeded_random(2), at_ms(0));
    send_frames(a, b, at_ms(0), 50, Duration(10'000));  // 1 s; the last frame at 980 ms
    Bytes wire;
    a.write_report(at_ms(1000), wire);
    const auto packets = parsed_rtcp(wire);
    ASSERT_EQ(packets.size(), 2u);
    const auto& sr = std::get<SenderReport>(packets[0]);
    EXPECT_EQ(sr.ssrc, a.ssrc());
    EXPECT_EQ(sr.sender.packet_count, 50u);
    EXPECT_EQ(sr.sender.octet_count, 50u * 160u);
    EXPECT_EQ(sr.sender.ntp, ntp_add(kWallAtEpoch, Duration(1'000'000)));
    // The RTP timestamp of the same instant: the last frame's, plus 20 ms of clock.
    const std::uint32_t first_ts = a.sender().timestamp() - 50 * 160;
    EXPECT_EQ(sr.sender.rtp_timestamp, first_ts + 49 * 160 + 160);
    EXPECT_TRUE(sr.reports.empty());  // a received nothing
    const auto& sdes = std::get<SourceDescription>(packets[1]);
    ASSERT_EQ(sdes.chunks.size(), 1u);
    EXPECT_EQ(sdes.chunks[0].ssrc, a.ssrc());
    EXPECT_EQ(sdes.chunks[0].cname(), "alice@192.0.2.1");
}

// §6.4.2, §A.3: the receiver's report block about the sender.
TEST(RtpSession, Rfc3550_6_4_2_ReceiverReportBlockAboutTheSender) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("b@x"), test::seeded_random(2), at_ms(0));
    send_frames(a, b, at_ms(0), 100, Duration(10'000), {10, 20, 30, 40});
    Bytes wire;
    b.write_report(at_ms(2100), wire);
    const auto packets = parsed_rtcp(wire);
    ASSERT_FALSE(packets.empty());
    const auto& rr = std::get<ReceiverReport>(packets[0]);
    EXPECT_EQ(rr.ssrc, b.ssrc());
    ASSERT_EQ(rr.reports.size(), 1u);
    const ReportBlock& block = rr.reports[0];
    EXPECT_EQ(block.ssrc, a.ssrc());
    // Frame 0 was the probation packet: 99 expected from frame 1 on, 4 lost.
    EXPECT_EQ(block.cumulative_lost, 4);
    EXPECT_EQ(block.fraction_lost, 4 * 256 / 99);
    EXPECT_EQ(block.jitter, 0u);   // constant delay
    EXPECT_EQ(block.last_sr, 0u);  // no SR from a yet
    EXPECT_EQ(block.delay_since_last_sr, 0u);

    const RtpStatistics s = b.statistics();
    EXPECT_EQ(s.remote_ssrc, a.ssrc());
    EXPECT_EQ(s.packets_received, 95u);
    EXPECT_EQ(s.octets_received, 95u * 160u);
    EXPECT_EQ(s.packets_expected, 99);
    EXPECT_EQ(s.packets_lost, 4);
    EXPECT_NEAR(s.loss_percent, 400.0 / 99, 1e-9);
}

// §6.4.1: A - LSR - DLSR. a sends an SR that takes 30 ms to reach b; b answers 500 ms
// later with an RR that takes 45 ms back: a measures 75 ms.
TEST(RtpSession, Rfc3550_6_4_1_RoundTripFromLsrAndDlsr) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("b@x"), test::seeded_random(2), at_ms(0));
    send_frames(a, b, at_ms(0), 10, Duration(30'000));
    Bytes sr;
    a.write_report(at_ms(1000), sr);
    ASSERT_TRUE(b.on_rtcp(at_ms(1030), sr));
    Bytes rr;
    b.write_report(at_ms(1530), rr);
    const auto packets = parsed_rtcp(rr);
    ASSERT_FALSE(packets.empty());
    const ReportBlock block = std::get<ReceiverReport>(packets[0]).reports.at(0);
    EXPECT_EQ(block.last_sr, ntp_add(kWallAtEpoch, Duration(1'000'000)).compact());
    EXPECT_EQ(block.delay_since_last_sr, compact_from_duration(Duration(500'000)));
    ASSERT_TRUE(a.on_rtcp(at_ms(1575), rr));
    const RtpStatistics s = a.statistics();
    ASSERT_TRUE(s.round_trip_ms);
    EXPECT_NEAR(*s.round_trip_ms, 75.0, 0.05);  // compact NTP resolution is 15 us
    ASSERT_TRUE(s.peer_report);
    EXPECT_EQ(s.peer_report->cumulative_lost, 0);
    EXPECT_EQ(s.peer_report->jitter_ms, 0.0);
}

TEST(RtpSession, Rfc3550_A1_ProbationPacketsAreNotPlayed) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("b@x"), test::seeded_random(2), at_ms(0));
    const Bytes payload(160, 0xff);
    Bytes first, second;
    a.send_audio(at_ms(0), 0, payload, 160, false, first);
    a.send_audio(at_ms(20), 0, payload, 160, false, second);
    EXPECT_EQ(b.on_rtp(at_ms(5), first).kind, RtpArrivalKind::Probation);
    const RtpArrival r = b.on_rtp(at_ms(25), second);
    EXPECT_EQ(r.kind, RtpArrivalKind::Media);
    EXPECT_EQ(r.packet.header.ssrc, a.ssrc());
    EXPECT_EQ(r.packet.payload.size(), 160u);
}

TEST(RtpSession, InvalidPacketsAndOwnSsrcAreRefusedAndCounted) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    const RtpArrival garbage = a.on_rtp(at_ms(1), Bytes{1, 2, 3});
    EXPECT_EQ(garbage.kind, RtpArrivalKind::Invalid);
    EXPECT_EQ(garbage.reason, "RTP packet shorter than 12 octets");
    // Our own packet coming back (a loop or a colliding SSRC, §8.2).
    Bytes own;
    a.send_audio(at_ms(0), 0, Bytes(160, 0xff), 160, false, own);
    EXPECT_EQ(a.on_rtp(at_ms(2), own).kind, RtpArrivalKind::Rejected);
    EXPECT_FALSE(a.on_rtcp(at_ms(3), Bytes{0x80, 202, 0, 0}));
    const RtpStatistics s = a.statistics();
    EXPECT_EQ(s.rtp_invalid, 2u);
    EXPECT_EQ(s.rtcp_invalid, 1u);
}

// §A.8 jitter from arrival times in timestamp units; RFC 4733 packets (same timestamp for
// a whole event) are kept out of it.
TEST(RtpSession, Rfc3550_A8_JitterFromArrivalsWithoutTelephoneEvents) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("b@x"), test::seeded_random(2), at_ms(0));
    const Bytes payload(160, 0xff);
    for (int k = 0; k < 400; ++k) {
        Bytes wire;
        const Instant now = at_ms(20 * k);
        a.send_audio(now, 0, payload, 160, false, wire);
        b.on_rtp(now + Duration((k % 2) ? 10'000 : 0), wire);  // transit alternates 0 / 10 ms
        TelephoneEventPacket event;
        event.timestamp = 12345;
        Bytes ev;
        a.send_event(101, event, ev);
        b.on_rtp(now + Duration(1000), ev);
    }
    EXPECT_NEAR(b.statistics().jitter_ms, 10.0, 0.2);
}

TEST(RtpSession, Rfc3550_6_6_ByeEndsTheReportAndIsNoticed) {
    RtpSession a(config("a@x"), test::seeded_random(1), at_ms(0));
    RtpSession b(config("b@x"), test::seeded_random(2), at_ms(0));
    send_frames(a, b, at_ms(0), 5, Duration(1000));
    Bytes wire;
    a.write_bye(at_ms(200), "call ended", wire);
    const auto packets = parsed_rtcp(wire);
    ASSERT_EQ(packets.size(), 3u);
    const auto& bye = std::get<Goodbye>(packets[2]);
    EXPECT_EQ(bye.sources, (std::vector<std::uint32_t>{a.ssrc()}));
    ASSERT_TRUE(b.on_rtcp(at_ms(201), wire));
    const RtpStatistics s = b.statistics();
    EXPECT_TRUE(s.peer_said_bye);
    EXPECT_EQ(s.bye_reason, "call ended");
    EXPECT_EQ(s.remote_cname, "a@x");
}

// Reports follow the schedule: each write_report moves next_rtcp_at by a randomized
// interval around 5 s (two members, §6.3.1).
TEST(RtpSession, Rfc3550_6_3_1_ReportsAreScheduled) {
    RtpSession a(config("a@x"), test::seeded_random(9), at_ms(0));
    Instant now = a.next_rtcp_at();
    for (int i = 0; i < 10; ++i) {
        Bytes wire;
        a.write_report(now, wire);
        const Duration gap = a.next_rtcp_at() - now;
        EXPECT_GE(gap, Duration(static_cast<std::int64_t>(5e6 * 0.5 / 1.21828)));
        EXPECT_LE(gap, Duration(static_cast<std::int64_t>(5e6 * 1.5 / 1.21828)));
        now = a.next_rtcp_at();
    }
    EXPECT_EQ(a.statistics().rtcp_sent, 10u);
}

}  // namespace
}  // namespace dialtone::media
