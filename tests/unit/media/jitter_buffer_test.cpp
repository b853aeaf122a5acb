#include "media/jitter_buffer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr std::int64_t kFrameMs = 20;

struct Packet {
    std::uint16_t sequence;
    std::uint32_t timestamp;
    bool marker;
    Instant arrival;
    int id;  // which frame of the source this is
};

// One played frame: what kind, and for audio which source frame (from the payload).
struct Played {
    PlayoutKind kind;
    int id = -1;
    Instant at;
};

Bytes payload_of(int id) {
    return {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
}

// A sender of 20 ms frames: frame k is sent at k * 20 ms; `delay_ms(k)` says how long it
// travels (negative: lost).
template <class Delay>
std::vector<Packet> stream(int frames, std::uint16_t first_seq, std::uint32_t first_ts,
                           Delay delay_ms) {
    std::vector<Packet> out;
    for (int k = 0; k < frames; ++k) {
        const double d = delay_ms(k);
        if (d < 0) continue;
        out.push_back(Packet{static_cast<std::uint16_t>(first_seq + k),
                             first_ts + 160u * static_cast<std::uint32_t>(k), k == 0,
                             at_us(static_cast<std::int64_t>((k * kFrameMs + d) * 1000)), k});
    }
    return out;
}

// Puts every packet by its arrival and calls get() every 20 ms, starting at `first_get`.
std::vector<Played> run(JitterBuffer& jb, std::vector<Packet> packets, Instant first_get,
                        int gets) {
    std::stable_sort(packets.begin(), packets.end(),
                     [](const Packet& a, const Packet& b) { return a.arrival < b.arrival; });
    std::vector<Played> played;
    std::size_t next = 0;
    for (int j = 0; j < gets; ++j) {
        const Instant now = first_get + Duration(j * kFrameMs * 1000);
        while (next < packets.size() && packets[next].arrival <= now) {
            const Packet& p = packets[next++];
            const Bytes payload = payload_of(p.id);
            jb.put(p.sequence, p.timestamp, p.marker, p.arrival, payload);
        }
        const PlayoutFrame f = jb.get(now);
        Played r{f.kind, -1, now};
        if (f.kind == PlayoutKind::Audio) {
            EXPECT_EQ(f.payload.size(), 2u);
            r.id = (f.payload[0] << 8) | f.payload[1];
        }
        played.push_back(r);
    }
    return played;
}

std::vector<int> audio_ids(const std::vector<Played>& played) {
    std::vector<int> ids;
    for (const Played& p : played) {
        if (p.kind == PlayoutKind::Audio) ids.push_back(p.id);
    }
    return ids;
}

std::vector<int> iota(int from, int to) {
    std::vector<int> v;
    for (int i = from; i < to; ++i)
        v.push_back(i);
    return v;
}

TEST(JitterBuffer, PlaysInOrderOnceTheTargetDelayHasPassed) {
    JitterBuffer jb;
    const auto played = run(jb, stream(50, 100, 1000, [](int) { return 30.0; }), at_ms(5), 60);
    // Frame 0 arrives at 30 ms and is due 20 ms (the minimum target) later: the get at 65 ms.
    EXPECT_EQ(played[0].kind, PlayoutKind::Silence);
    EXPECT_EQ(played[2].kind, PlayoutKind::Silence);
    EXPECT_EQ(played[3].kind, PlayoutKind::Audio);
    EXPECT_EQ(played[3].id, 0);
    EXPECT_EQ(audio_ids(played), iota(0, 50));
    EXPECT_EQ(jb.stats().played, 50u);
    EXPECT_EQ(jb.stats().lost, 0u);
    EXPECT_EQ(jb.stats().concealed, 3u);  // the stream ended: 3 concealed, then silence
    EXPECT_EQ(jb.stats().target_delay, Duration(20'000));
    EXPECT_EQ(jb.stats().current_delay, Duration(35'000));  // 65 ms - 30 ms arrival
}

TEST(JitterBuffer, ReordersPackets) {
    JitterBuffer jb;
    // Frames 3 and 7 overtake by arriving 15 ms early... relative to their neighbours.
    const auto played = run(
        jb, stream(20, 0, 0, [](int k) { return k == 2 || k == 6 ? 35.0 : 10.0; }), at_ms(1), 40);
    EXPECT_EQ(audio_ids(played), iota(0, 20));
    EXPECT_EQ(jb.stats().late, 0u);
    EXPECT_EQ(jb.stats().lost, 0u);
}

TEST(JitterBuffer, DropsDuplicatesBufferedOrAlreadyPlayed) {
    JitterBuffer jb;
    auto packets = stream(20, 0, 0, [](int) { return 10.0; });
    Packet again = packets[3];  // arrives right after the original: still buffered
    again.arrival += Duration(1000);
    Packet much_later = packets[5];  // after frame 5 was played
    much_later.arrival += Duration(150'000);
    packets.push_back(again);
    packets.push_back(much_later);
    const auto played = run(jb, packets, at_ms(1), 40);
    EXPECT_EQ(audio_ids(played), iota(0, 20));
    EXPECT_EQ(jb.stats().duplicate, 2u);
    EXPECT_EQ(jb.stats().late, 0u);
}

TEST(JitterBuffer, ConcealsALostPacketAtItsTurn) {
    JitterBuffer jb;
    const auto played =
        run(jb, stream(20, 0, 0, [](int k) { return k == 5 ? -1.0 : 10.0; }), at_ms(1), 40);
    std::vector<int> expected = iota(0, 20);
    expected.erase(expected.begin() + 5);
    EXPECT_EQ(audio_ids(played), expected);
    // Frame 5's turn comes between frames 4 and 6 and is a concealment.
    const auto four =
        std::find_if(played.begin(), played.end(), [](const Played& p) { return p.id == 4; });
    ASSERT_NE(four, played.end());
    EXPECT_EQ((four + 1)->kind, PlayoutKind::Conceal);
    EXPECT_EQ((four + 2)->id, 6);
    EXPECT_EQ(jb.stats().lost, 1u);
}

TEST(JitterBuffer, DropsAPacketThatComesAfterItsTurn) {
    JitterBuffer jb;
    const auto played =
        run(jb, stream(20, 0, 0, [](int k) { return k == 5 ? 150.0 : 10.0; }), at_ms(1), 40);
    std::vector<int> expected = iota(0, 20);
    expected.erase(expected.begin() + 5);
    EXPECT_EQ(audio_ids(played), expected);
    EXPECT_EQ(jb.stats().late, 1u);
    EXPECT_EQ(jb.stats().lost, 1u);
}

// RFC 3550 §5.1: sequence numbers wrap at 2^16 and timestamps at 2^32; playout goes on.
TEST(JitterBuffer, SequenceAndTimestampWrapAround) {
    JitterBuffer jb;
    const auto played = run(
        jb, stream(40, 65520, 0xfffff000, [](int k) { return 10.0 + (k % 3) * 5; }), at_ms(1), 60);
    EXPECT_EQ(audio_ids(played), iota(0, 40));
    EXPECT_EQ(jb.stats().lost + jb.stats().late + jb.stats().resyncs, 0u);
}

// Silence suppression (RFC 3551 §4.1): the sender stops, then resumes with the marker bit,
// the next sequence number and a timestamp showing the gap. The gap is silence, not loss,
// and the talkspurt plays when it is due.
TEST(JitterBuffer, SilenceGapIsNotLoss) {
    JitterBuffer jb;
    std::vector<Packet> packets = stream(10, 500, 0, [](int) { return 10.0; });
    // 1 s of silence: frames 10..59 not sent; the next talkspurt is frames 60..69.
    for (int k = 60; k < 70; ++k) {
        packets.push_back(Packet{static_cast<std::uint16_t>(500 + 10 + (k - 60)), 160u * k, k == 60,
                                 at_ms(k * kFrameMs + 10), k});
    }
    const auto played = run(jb, packets, at_ms(1), 100);
    std::vector<int> expected = iota(0, 10);
    for (int k = 60; k < 70; ++k)
        expected.push_back(k);
    EXPECT_EQ(audio_ids(played), expected);
    EXPECT_EQ(jb.stats().lost, 0u);
    EXPECT_EQ(jb.stats().late, 0u);
    // Frame 60 arrives at 1210 ms and is due at 1230 ms: played by the get at 1241 ms.
    const auto sixty =
        std::find_if(played.begin(), played.end(), [](const Played& p) { return p.id == 60; });
    EXPECT_EQ(sixty->at, at_ms(1241));
}

// The sender's timestamps jump (a restart, a new media source behind the same SSRC): the
// buffer starts over on the new timeline instead of waiting for the old one.
TEST(JitterBuffer, TimestampJumpRestartsPlayout) {
    for (std::int64_t jump : {std::int64_t{80'000'000}, std::int64_t{-80'000'000}}) {
        JitterBuffer jb;
        std::vector<Packet> packets = stream(100, 7, 1'000'000'000, [](int) { return 10.0; });
        for (std::size_t i = 50; i < packets.size(); ++i) {
            packets[i].timestamp = static_cast<std::uint32_t>(packets[i].timestamp + jump);
        }
        const auto played = run(jb, packets, at_ms(1), 120);
        const auto ids = audio_ids(played);
        EXPECT_EQ(jb.stats().resyncs, 1u) << jump;
        EXPECT_GE(ids.size(), 98u) << jump;
        EXPECT_EQ(ids.back(), 99) << jump;
        EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << jump;
    }
}

TEST(JitterBuffer, SequenceJumpRestartsPlayout) {
    JitterBuffer jb;
    std::vector<Packet> packets = stream(100, 7, 0, [](int) { return 10.0; });
    for (std::size_t i = 50; i < packets.size(); ++i)
        packets[i].sequence += 20000;
    const auto ids = audio_ids(run(jb, packets, at_ms(1), 120));
    EXPECT_EQ(jb.stats().resyncs, 1u);
    EXPECT_GE(ids.size(), 98u);
    EXPECT_EQ(ids.back(), 99);
    EXPECT_LT(jb.stats().lost, 3u);
}

// The target follows the measured jitter: the minimum with none, about the 97th
// percentile of the extra delay with some, capped at the maximum, and back down once the
// jitter is gone from the window. The delay actually buffered follows.
TEST(JitterBuffer, TargetDelayAdaptsToJitter) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> up_to_100(0, 100), up_to_600(0, 600);
    JitterBuffer jb;
    std::vector<Packet> all;
    const int per_phase = 500;  // 10 s each
    auto phase_delay = [&](int k) {
        const int phase = k / per_phase;
        if (phase == 1) return 40 + up_to_100(rng);
        if (phase == 2) return 40 + up_to_600(rng);
        return 40.0;
    };
    all = stream(4 * per_phase, 1, 0, phase_delay);
    std::stable_sort(all.begin(), all.end(),
                     [](const Packet& a, const Packet& b) { return a.arrival < b.arrival; });

    std::size_t next = 0;
    std::vector<Duration> target_at_phase_end, delay_at_phase_end;
    for (int j = 0; j < 4 * per_phase + 40; ++j) {
        const Instant now = at_ms(3 + j * kFrameMs);
        while (next < all.size() && all[next].arrival <= now) {
            const Packet& p = all[next++];
            jb.put(p.sequence, p.timestamp, p.marker, p.arrival, payload_of(p.id));
        }
        (void)jb.get(now);
        if (j % per_phase == per_phase - 1) {
            target_at_phase_end.push_back(jb.stats().target_delay);
            delay_at_phase_end.push_back(jb.stats().current_delay);
        }
    }
    ASSERT_EQ(target_at_phase_end.size(), 4u);
    EXPECT_EQ(target_at_phase_end[0], Duration(20'000));
    EXPECT_GE(target_at_phase_end[1], Duration(90'000));
    EXPECT_LE(target_at_phase_end[1], Duration(100'000));
    EXPECT_EQ(target_at_phase_end[2], Duration(200'000));
    EXPECT_EQ(target_at_phase_end[3], Duration(20'000));
    // The buffered delay tracks the target within a frame (plus the get phase).
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_GE(delay_at_phase_end[i], target_at_phase_end[i]) << i;
        EXPECT_LE(delay_at_phase_end[i], target_at_phase_end[i] + Duration(2 * kFrameMs * 1000))
            << i;
    }
    EXPECT_GT(jb.stats().discarded, 0u);  // shrinking dropped frames
    EXPECT_EQ(jb.stats().resyncs, 0u);
}

TEST(JitterBuffer, ConcealmentTurnsIntoSilence) {
    JitterBuffer jb;
    const auto played = run(jb, stream(5, 0, 0, [](int) { return 10.0; }), at_ms(1), 15);
    std::vector<PlayoutKind> after;
    bool seen_last = false;
    for (const Played& p : played) {
        if (seen_last) after.push_back(p.kind);
        if (p.id == 4) seen_last = true;
    }
    ASSERT_GE(after.size(), 5u);
    EXPECT_EQ(after[0], PlayoutKind::Conceal);
    EXPECT_EQ(after[1], PlayoutKind::Conceal);
    EXPECT_EQ(after[2], PlayoutKind::Conceal);
    EXPECT_EQ(after[3], PlayoutKind::Silence);
    EXPECT_EQ(after[4], PlayoutKind::Silence);
}

// After an underrun, frames whose turn went by while the buffer waited (and concealed)
// are given up at once when a later packet shows they are missing: the delay does not
// keep the whole wait.
TEST(JitterBuffer, UnderrunThenLossSkipsFramesWhoseTurnWentBy) {
    JitterBuffer jb;
    const Bytes payload = payload_of(0);
    jb.put(1, 0, true, at_ms(0), payload);
    EXPECT_EQ(jb.get(at_ms(30)).kind, PlayoutKind::Audio);
    PlayoutFrame f = jb.get(at_ms(50));
    EXPECT_EQ(f.kind, PlayoutKind::Conceal);
    EXPECT_EQ(f.concealed_in_row, 1);
    EXPECT_EQ(jb.get(at_ms(70)).concealed_in_row, 2);
    jb.put(4, 480, false, at_ms(71), payload);  // 2 and 3 lost
    f = jb.get(at_ms(90));
    EXPECT_EQ(f.kind, PlayoutKind::Audio);
    EXPECT_EQ(f.sequence, 4);
    EXPECT_EQ(jb.stats().lost, 2u);
    EXPECT_EQ(jb.stats().current_delay, Duration(30'000));
}

TEST(JitterBuffer, ResetForgetsTheStream) {
    JitterBuffer jb;
    const Bytes payload = payload_of(0);
    jb.put(1, 0, true, at_ms(0), payload);
    EXPECT_EQ(jb.get(at_ms(30)).kind, PlayoutKind::Audio);
    jb.reset();
    // A new source with unrelated numbers plays from its own first packet.
    jb.put(40000, 123456789, true, at_ms(40), payload);
    EXPECT_EQ(jb.get(at_ms(50)).kind, PlayoutKind::Silence);
    const PlayoutFrame f = jb.get(at_ms(70));
    EXPECT_EQ(f.kind, PlayoutKind::Audio);
    EXPECT_EQ(f.sequence, 40000);
    EXPECT_EQ(f.timestamp, 123456789u);
}

}  // namespace
}  // namespace dialtone::media
