#pragma once
// An adaptive playout buffer for one received RTP stream of fixed-size frames (G.711: 160
// samples per 20 ms packet). put() takes packets as they arrive, in any order; get(), called
// once per frame interval on the caller's playout clock, gives the next frame, a
// concealment indication, or silence.
//
// Timing: each packet's transit (arrival minus timestamp, in timestamp units) is kept over
// a sliding window. The smallest transit in the window is the network's base delay; how
// much later than that a packet may come is taken at a high percentile of the window, and
// that is the target buffering delay, bounded to [min_delay, max_delay]. A frame is due
// when its timestamp plus base delay plus target has passed.
//
// Adaptation: the delay grows when a frame is missing at its turn but not yet due (the
// buffer waits, asking for concealment) and at the start of a talkspurt (silence is
// stretched until the first frame is due); it shrinks by dropping a frame when the
// buffering delay exceeds the target by more than a frame and the next frame is already
// there, and at a talkspurt start.
//
// Packets are late (dropped) when they come after their frame was played or given up on,
// duplicate when that sequence number was buffered or played. A gap in sequence numbers
// whose timestamps show it was silence (the sender stopped sending) plays as silence; a
// gap in speech is loss: a frame whose turn is this tick is concealed, frames whose turn
// went by during an underrun (already covered by concealment) are skipped. A change of
// transit beyond resync_threshold (the sender's timestamps jumped) or a large jump in
// sequence numbers restarts the buffer on the new timeline. With silence suppression, the
// end of each talkspurt looks like an underrun and costs a few concealed frames (faded)
// before the silence.
//
// Every packet must carry samples_per_frame samples: a peer that sends another packet
// time than negotiated is not re-framed here.

#include <cstdint>
#include <span>
#include <vector>

#include "media/g711.hpp"
#include "media/media_clock.hpp"

namespace dialtone::media {

struct JitterBufferConfig {
    std::uint32_t clock_rate = kNarrowbandRate;
    std::uint32_t samples_per_frame = kSamplesPerFrame;
    Duration min_delay = Duration(20'000);
    Duration max_delay = Duration(200'000);
    double percentile = 0.97;
    std::size_t window = 250;  // packets (5 s at 50 packets/s)
    Duration resync_threshold = Duration(1'000'000);
    // Consecutive concealment frames before the buffer reports plain silence.
    int max_concealed_in_row = 3;
};

enum class PlayoutKind : std::uint8_t {
    Audio,    // a received frame: decode `payload`
    Conceal,  // a frame is missing: repeat the last one, attenuated (concealed_in_row says how far
              // in)
    Silence,  // nothing to play: not started, a silence gap, or concealment gave up
};

struct PlayoutFrame {
    PlayoutKind kind = PlayoutKind::Silence;
    std::span<const std::uint8_t> payload;  // Audio only; valid until the next put/get/reset
    std::uint16_t sequence = 0;             // Audio only
    std::uint32_t timestamp = 0;            // Audio only
    int concealed_in_row = 0;               // Conceal only: 1 for the first
};

struct JitterBufferStats {
    std::uint64_t received = 0;   // packets put
    std::uint64_t played = 0;     // Audio frames given
    std::uint64_t late = 0;       // came after their frame's turn, dropped
    std::uint64_t lost = 0;       // frames given up on at their turn (includes ones later late)
    std::uint64_t duplicate = 0;  // dropped as already buffered or played
    std::uint64_t concealed = 0;  // Conceal frames given
    std::uint64_t discarded = 0;  // dropped to shrink the delay, or flushed by a restart
    std::uint64_t resyncs = 0;    // restarts on a timestamp or sequence jump
    Duration current_delay{0};    // buffering delay of the last frame played
    Duration target_delay{0};
};

class JitterBuffer {
  public:
    explicit JitterBuffer(JitterBufferConfig config = {});

    void put(std::uint16_t sequence, std::uint32_t timestamp, bool marker, Instant arrival,
             std::span<const std::uint8_t> payload);
    PlayoutFrame get(Instant now);

    // Forgets the stream (a new SSRC); counters stay.
    void reset();

    const JitterBufferStats& stats() const { return stats_; }
    std::size_t buffered() const { return buffered_; }

  private:
    struct Slot {
        bool used = false;
        bool marker = false;
        std::int64_t sequence = 0;   // extended
        std::int64_t timestamp = 0;  // extended
        std::vector<std::uint8_t> payload;
    };

    std::int64_t extend_sequence(std::uint16_t sequence);
    std::int64_t extend_timestamp(std::uint32_t timestamp);
    Slot* find(std::int64_t sequence);
    Slot* lowest_from(std::int64_t sequence);
    void restart();
    void record_transit(std::int64_t transit);
    void update_target();
    bool due(const Slot& s, std::int64_t now) const;
    PlayoutFrame play(Slot& s, std::int64_t now);
    PlayoutFrame conceal();
    void advance_to(std::int64_t sequence);
    void mark_played_and_advance();

    JitterBufferConfig config_;
    std::int64_t frame_;
    std::int64_t min_delay_, max_delay_, resync_threshold_;  // timestamp units
    std::vector<Slot> slots_;                                // size is a power of two
    std::size_t buffered_ = 0;

    bool have_reference_ = false;
    std::int64_t highest_sequence_ = 0;
    std::int64_t last_timestamp_ = 0;

    bool started_ = false;
    std::int64_t next_sequence_ = 0;
    std::int64_t next_timestamp_ = 0;
    std::uint64_t played_mask_ = 0;  // bit i: next_sequence_ - 1 - i was played
    int concealed_in_row_ = 0;

    std::vector<std::int64_t> transits_;  // ring of the last `window` transits
    std::size_t transit_at_ = 0;
    std::vector<std::int64_t> scratch_;
    bool target_dirty_ = false;
    std::int64_t base_transit_ = 0;
    std::int64_t target_ = 0;

    JitterBufferStats stats_;
};

}  // namespace dialtone::media
