#include "media/rtp_source.hpp"

#include <algorithm>

namespace dialtone::media {

namespace {

constexpr std::uint32_t kSeqMod = 1u << 16;
// A value that never equals a 16-bit sequence number plus one, so the first large jump is
// never mistaken for the second packet of a restart.
constexpr std::uint32_t kNoBadSeq = kSeqMod + 1;

}  // namespace

RtpSource::RtpSource(std::uint16_t sequence) {
    init_sequence(sequence);
    max_seq_ = static_cast<std::uint16_t>(sequence - 1);
    probation_ = kMinSequential;
}

void RtpSource::init_sequence(std::uint16_t sequence) {
    base_seq_ = sequence;
    max_seq_ = sequence;
    bad_seq_ = kNoBadSeq;
    cycles_ = 0;
    received_ = 0;
    received_prior_ = 0;
    expected_prior_ = 0;
}

SequenceVerdict RtpSource::update_sequence(std::uint16_t sequence) {
    const auto udelta = static_cast<std::uint16_t>(sequence - max_seq_);

    // Probation: the source is valid once kMinSequential packets came in sequence.
    if (probation_ > 0) {
        if (sequence == static_cast<std::uint16_t>(max_seq_ + 1)) {
            --probation_;
            max_seq_ = sequence;
            if (probation_ == 0) {
                init_sequence(sequence);
                ++received_;
                return SequenceVerdict::Valid;
            }
        } else {
            probation_ = kMinSequential - 1;
            max_seq_ = sequence;
        }
        return SequenceVerdict::Probation;
    }

    if (udelta < kMaxDropout) {
        // In order, with a permissible gap.
        if (sequence < max_seq_) cycles_ += kSeqMod;  // wrapped around
        max_seq_ = sequence;
    } else if (udelta <= kSeqMod - kMaxMisorder) {
        // A very large jump. Two sequential packets after it mean the other side restarted
        // without telling us, so resynchronize as if this were a new source.
        if (sequence == bad_seq_) {
            init_sequence(sequence);
        } else {
            bad_seq_ = (std::uint32_t{sequence} + 1) & (kSeqMod - 1);
            return SequenceVerdict::Rejected;
        }
    }
    // Otherwise a duplicate or reordered packet: counted, max_seq unchanged.
    ++received_;
    return SequenceVerdict::Valid;
}

void RtpSource::update_jitter(std::uint32_t rtp_timestamp, std::uint32_t arrival) {
    // Modular difference, so wrap-around of either clock is harmless.
    const auto transit = static_cast<std::int32_t>(arrival - rtp_timestamp);
    if (have_transit_) {
        std::int64_t d = std::int64_t{transit} - transit_;
        if (d < 0) d = -d;
        d = std::min<std::int64_t>(d, INT32_MAX);
        // J += (|D| - J) / 16, with J kept scaled by 16 (§A.8, integer form).
        jitter_ += static_cast<std::uint32_t>(d) - ((jitter_ + 8) >> 4);
    }
    transit_ = transit;
    have_transit_ = true;
}

std::int64_t RtpSource::expected() const {
    if (!valid()) return 0;
    return std::int64_t{extended_max()} - base_seq_ + 1;
}

ReceptionFigures RtpSource::take_report() {
    ReceptionFigures f;
    f.extended_highest_sequence = extended_max();
    f.jitter = jitter();
    if (!valid()) return f;

    // Cumulative loss is a 24-bit signed field (§6.4.1): clamp rather than wrap.
    const std::int64_t lost = std::clamp<std::int64_t>(cumulative_lost(), -0x800000, 0x7fffff);
    f.cumulative_lost = static_cast<std::int32_t>(lost);

    const auto expected_now = static_cast<std::uint32_t>(expected());
    const std::uint32_t expected_interval = expected_now - expected_prior_;
    expected_prior_ = expected_now;
    const std::uint32_t received_interval = received_ - received_prior_;
    received_prior_ = received_;
    const std::int64_t lost_interval =
        std::int64_t{expected_interval} - std::int64_t{received_interval};
    if (expected_interval != 0 && lost_interval > 0) {
        f.fraction_lost = static_cast<std::uint8_t>(
            std::min<std::int64_t>((lost_interval << 8) / expected_interval, 255));
    }
    return f;
}

}  // namespace dialtone::media
