#include "media/jitter_buffer.hpp"

#include <algorithm>
#include <bit>

namespace dialtone::media {

namespace {

// Extended sequence numbers and timestamps start far from zero so a step back from the
// first packet stays positive.
constexpr std::int64_t kSequenceOrigin = std::int64_t{1} << 32;
constexpr std::int64_t kTimestampOrigin = std::int64_t{1} << 40;
// How far back a sequence number may be and still be a late packet rather than a restart
// of the sender's numbering (RFC 3550 §A.1 MAX_MISORDER).
constexpr std::int64_t kMaxMisorder = 100;

std::int64_t units(Duration d, std::uint32_t clock_rate) {
    return d.count() * clock_rate / 1'000'000;
}

}  // namespace

JitterBuffer::JitterBuffer(JitterBufferConfig config)
    : config_(config),
      frame_(config.samples_per_frame == 0 ? kSamplesPerFrame : config.samples_per_frame),
      min_delay_(units(config.min_delay, config.clock_rate)),
      max_delay_(std::max(min_delay_, units(config.max_delay, config.clock_rate))),
      resync_threshold_(units(config.resync_threshold, config.clock_rate)) {
    if (config_.window == 0) config_.window = 1;
    const auto frames = static_cast<std::size_t>(max_delay_ / frame_ + 1);
    slots_.resize(std::bit_ceil(std::max<std::size_t>(64, 4 * frames)));
    transits_.reserve(config_.window);
    target_ = min_delay_;
    stats_.target_delay = from_rtp_units(target_, config_.clock_rate);
}

std::int64_t JitterBuffer::extend_sequence(std::uint16_t sequence) {
    if (!have_reference_) return kSequenceOrigin + sequence;
    const auto delta =
        static_cast<std::int16_t>(sequence - static_cast<std::uint16_t>(highest_sequence_));
    return highest_sequence_ + delta;
}

std::int64_t JitterBuffer::extend_timestamp(std::uint32_t timestamp) {
    if (!have_reference_) return kTimestampOrigin + timestamp;
    const auto delta =
        static_cast<std::int32_t>(timestamp - static_cast<std::uint32_t>(last_timestamp_));
    return last_timestamp_ + delta;
}

JitterBuffer::Slot* JitterBuffer::find(std::int64_t sequence) {
    Slot& s = slots_[static_cast<std::size_t>(sequence) & (slots_.size() - 1)];
    return s.used && s.sequence == sequence ? &s : nullptr;
}

JitterBuffer::Slot* JitterBuffer::lowest_from(std::int64_t sequence) {
    if (buffered_ == 0) return nullptr;
    for (std::int64_t d = 0; d < static_cast<std::int64_t>(slots_.size()); ++d) {
        if (Slot* s = find(sequence + d)) return s;
    }
    return nullptr;
}

void JitterBuffer::restart() {
    for (Slot& s : slots_)
        s.used = false;
    stats_.discarded += buffered_;
    buffered_ = 0;
    started_ = false;
    played_mask_ = 0;
    concealed_in_row_ = 0;
    transits_.clear();
    transit_at_ = 0;
    target_dirty_ = true;
}

void JitterBuffer::reset() {
    for (Slot& s : slots_)
        s.used = false;
    buffered_ = 0;
    started_ = false;
    played_mask_ = 0;
    concealed_in_row_ = 0;
    have_reference_ = false;
    transits_.clear();
    transit_at_ = 0;
    target_dirty_ = true;
}

void JitterBuffer::update_target() {
    if (!target_dirty_) return;
    target_dirty_ = false;
    if (transits_.empty()) {
        base_transit_ = 0;
        target_ = min_delay_;
    } else {
        base_transit_ = *std::min_element(transits_.begin(), transits_.end());
        scratch_.assign(transits_.begin(), transits_.end());
        const auto k =
            static_cast<std::size_t>(config_.percentile * static_cast<double>(scratch_.size() - 1));
        std::nth_element(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(k),
                         scratch_.end());
        target_ = std::clamp(scratch_[k] - base_transit_, min_delay_, max_delay_);
    }
    stats_.target_delay = from_rtp_units(target_, config_.clock_rate);
}

void JitterBuffer::put(std::uint16_t sequence, std::uint32_t timestamp, bool marker,
                       Instant arrival, std::span<const std::uint8_t> payload) {
    ++stats_.received;
    const std::int64_t ext_sequence = extend_sequence(sequence);
    const std::int64_t ext_timestamp = extend_timestamp(timestamp);
    if (!have_reference_ || ext_sequence > highest_sequence_) highest_sequence_ = ext_sequence;
    last_timestamp_ = ext_timestamp;
    have_reference_ = true;
    const std::int64_t transit = to_rtp_units(arrival, config_.clock_rate) - ext_timestamp;

    bool restarted = false;
    // A transit far from the window's means the sender's timestamps jumped (or the network
    // stalled for longer than any buffer would cover): start over on the new timeline.
    if (!transits_.empty()) {
        update_target();
        const std::int64_t shift = transit - base_transit_;
        if (shift > resync_threshold_ || -shift > resync_threshold_) {
            if (started_ && ext_sequence < next_sequence_) {
                ++stats_.late;
                return;
            }
            restart();
            restarted = true;
        }
    }

    if (started_) {
        const std::int64_t ahead = ext_sequence - next_sequence_;
        if (ahead < 0) {
            if (-ahead <= 64 && ((played_mask_ >> (-ahead - 1)) & 1u)) {
                ++stats_.duplicate;
                return;
            }
            if (-ahead <= kMaxMisorder) {
                ++stats_.late;
                record_transit(transit);  // lateness is jitter the target must learn
                return;
            }
            restart();  // the sender restarted its numbering lower down
            restarted = true;
        } else if (ahead >= static_cast<std::int64_t>(slots_.size() / 2)) {
            restart();  // too long a gap to bridge
            restarted = true;
        }
    } else if (buffered_ > 0) {
        const Slot* low = nullptr;
        for (const Slot& s : slots_) {
            if (s.used && (!low || s.sequence < low->sequence)) low = &s;
        }
        const std::int64_t distance = ext_sequence - low->sequence;
        if (distance >= static_cast<std::int64_t>(slots_.size() / 2) ||
            -distance >= static_cast<std::int64_t>(slots_.size() / 2)) {
            restart();
            restarted = true;
        }
    }
    if (restarted) {
        ++stats_.resyncs;
        highest_sequence_ = ext_sequence;
    }

    Slot& slot = slots_[static_cast<std::size_t>(ext_sequence) & (slots_.size() - 1)];
    if (slot.used) {
        if (slot.sequence == ext_sequence) {
            ++stats_.duplicate;
            return;
        }
        ++stats_.discarded;  // an older packet the buffer had no room left for
        --buffered_;
    }
    record_transit(transit);

    slot.used = true;
    slot.marker = marker;
    slot.sequence = ext_sequence;
    slot.timestamp = ext_timestamp;
    slot.payload.assign(payload.begin(), payload.end());
    ++buffered_;
}

void JitterBuffer::record_transit(std::int64_t transit) {
    if (transits_.size() < config_.window) {
        transits_.push_back(transit);
    } else {
        transits_[transit_at_] = transit;
    }
    transit_at_ = (transit_at_ + 1) % config_.window;
    target_dirty_ = true;
}

bool JitterBuffer::due(const Slot& s, std::int64_t now) const {
    return now - s.timestamp - base_transit_ >= target_;
}

void JitterBuffer::advance_to(std::int64_t sequence) {
    const std::int64_t steps = sequence - next_sequence_;
    if (steps <= 0) return;
    played_mask_ = steps >= 64 ? 0 : played_mask_ << steps;
    next_sequence_ = sequence;
}

void JitterBuffer::mark_played_and_advance() {
    played_mask_ = (played_mask_ << 1) | 1u;
    ++next_sequence_;
    next_timestamp_ += frame_;
}

PlayoutFrame JitterBuffer::play(Slot& s, std::int64_t now) {
    advance_to(s.sequence);
    mark_played_and_advance();
    next_timestamp_ = s.timestamp + frame_;
    s.used = false;
    --buffered_;
    concealed_in_row_ = 0;
    ++stats_.played;
    stats_.current_delay = from_rtp_units(now - s.timestamp - base_transit_, config_.clock_rate);
    PlayoutFrame f;
    f.kind = PlayoutKind::Audio;
    f.payload = s.payload;
    f.sequence = static_cast<std::uint16_t>(s.sequence);
    f.timestamp = static_cast<std::uint32_t>(s.timestamp);
    return f;
}

PlayoutFrame JitterBuffer::conceal() {
    PlayoutFrame f;
    if (++concealed_in_row_ > config_.max_concealed_in_row) return f;  // silence
    ++stats_.concealed;
    f.kind = PlayoutKind::Conceal;
    f.concealed_in_row = concealed_in_row_;
    return f;
}

PlayoutFrame JitterBuffer::get(Instant now) {
    update_target();
    const std::int64_t now_units = to_rtp_units(now, config_.clock_rate);
    const PlayoutFrame silence;

    if (!started_) {
        Slot* head = nullptr;
        for (Slot& s : slots_) {
            if (s.used && (!head || s.sequence < head->sequence)) head = &s;
        }
        if (!head || !due(*head, now_units)) return silence;
        started_ = true;
        next_sequence_ = head->sequence;
        next_timestamp_ = head->timestamp;
        played_mask_ = 0;
        return play(*head, now_units);
    }

    Slot* p = find(next_sequence_);
    if (!p) {
        Slot* later = lowest_from(next_sequence_ + 1);
        // Nothing buffered: an underrun in speech, or the sender went quiet. Conceal a few
        // frames, then silence; the missing frame keeps its place until a later one shows
        // whether it was lost.
        if (!later) return conceal();
        // Where the missing frames would sit, judging by the packet after them; later than
        // the playout position means they would have followed a silence.
        const auto expected_timestamp = [&](std::int64_t sequence) {
            return std::max(next_timestamp_,
                            later->timestamp - (later->sequence - sequence) * frame_);
        };
        const bool after_silence = expected_timestamp(next_sequence_) > next_timestamp_;
        while (next_sequence_ < later->sequence) {
            const std::int64_t expected = expected_timestamp(next_sequence_);
            const std::int64_t overdue = now_units - expected - base_transit_ - target_;
            if (overdue < 0) {
                // Not due yet: wait for it (the delay grows by this frame).
                if (after_silence) {
                    concealed_in_row_ = 0;
                    return silence;
                }
                return conceal();
            }
            ++stats_.lost;
            advance_to(next_sequence_ + 1);
            next_timestamp_ = expected + frame_;
            // This tick is the missing frame's slot: fill it. Slots that went by earlier
            // were already filled while waiting, so those frames are only skipped.
            if (overdue < frame_) {
                if (after_silence) return silence;
                return conceal();
            }
        }
        p = later;
    }

    const std::int64_t delay = now_units - next_timestamp_ - base_transit_;
    if (p->timestamp > next_timestamp_ || (p->marker && delay < target_)) {
        // A talkspurt starts: stretch the silence before it until the frame is due.
        concealed_in_row_ = 0;
        return due(*p, now_units) ? play(*p, now_units) : silence;
    }
    if (delay > target_ + frame_) {
        // Buffered more than the target needs: drop this frame if the next is here to
        // take its place.
        Slot* after = find(next_sequence_ + 1);
        if (after && after->timestamp == p->timestamp + frame_) {
            p->used = false;
            --buffered_;
            ++stats_.discarded;
            mark_played_and_advance();
            return play(*after, now_units);
        }
    }
    return play(*p, now_units);
}

}  // namespace dialtone::media
