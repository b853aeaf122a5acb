#pragma once
// What a receiver keeps about one remote RTP source (RFC 3550 §A.1, §A.3, §A.8): whether the
// source is valid yet (probation), the extended highest sequence number across wrap-arounds,
// packets received and expected, the loss since the last report, and the interarrival jitter.

#include <cstdint>

namespace dialtone::media {

// What update_sequence concluded about one packet (RFC 3550 §A.1).
enum class SequenceVerdict : std::uint8_t {
    Valid,      // counts: in order, a small gap, or a small step back (duplicate/misordered)
    Probation,  // the source is not yet valid; not counted
    Rejected,   // a large jump or step back; not counted (two in sequence restart the source)
};

// One RFC 3550 §6.4.1 report block's worth of figures about the source.
struct ReceptionFigures {
    std::uint8_t fraction_lost = 0;    // since the previous report, in 1/256 (§A.3)
    std::int32_t cumulative_lost = 0;  // clamped to 24 bits signed
    std::uint32_t extended_highest_sequence = 0;
    std::uint32_t jitter = 0;  // timestamp units
};

class RtpSource {
  public:
    // RFC 3550 §A.1 constants.
    static constexpr int kMinSequential = 2;
    static constexpr std::uint16_t kMaxDropout = 3000;
    static constexpr std::uint16_t kMaxMisorder = 100;

    // Starts tracking a source whose first packet has sequence number `sequence` (§A.1:
    // max_seq = seq - 1, probation = MIN_SEQUENTIAL). Pass that first packet to
    // update_sequence too: it is the first of the probation's sequential packets.
    explicit RtpSource(std::uint16_t sequence);

    // §A.1 update_seq: validates the packet's sequence number and, when Valid, counts it.
    SequenceVerdict update_sequence(std::uint16_t sequence);

    // §A.8: folds one packet into the interarrival jitter. `arrival` is the arrival time in
    // the stream's timestamp units (see to_rtp_units); only the difference between packets
    // matters, so any epoch works. Call it for Valid packets of a payload whose timestamp
    // advances with the media clock (not for RFC 4733 events, which repeat a timestamp).
    void update_jitter(std::uint32_t rtp_timestamp, std::uint32_t arrival);

    bool valid() const { return probation_ == 0; }
    std::uint32_t received() const { return received_; }
    // §A.3: extended highest sequence number received.
    std::uint32_t extended_max() const { return cycles_ + max_seq_; }
    // §A.3: expected = extended_max - base_seq + 1 (0 while on probation).
    std::int64_t expected() const;
    // §A.3: expected - received; may be negative with duplicates.
    std::int64_t cumulative_lost() const { return valid() ? expected() - received_ : 0; }
    // Interarrival jitter in timestamp units (the §A.8 estimate, J/16 in its integer form).
    std::uint32_t jitter() const { return jitter_ >> 4; }

    // The figures for a report block, and the start of a new reporting interval (§A.3:
    // the fraction lost covers the packets since the previous call).
    ReceptionFigures take_report();

  private:
    void init_sequence(std::uint16_t sequence);

    std::uint16_t max_seq_ = 0;
    std::uint32_t cycles_ = 0;  // count of wraps, shifted left by 16
    std::uint32_t base_seq_ = 0;
    std::uint32_t bad_seq_ = 0;
    int probation_ = 0;
    std::uint32_t received_ = 0;
    std::uint32_t expected_prior_ = 0;
    std::uint32_t received_prior_ = 0;
    bool have_transit_ = false;
    std::int32_t transit_ = 0;
    std::uint32_t jitter_ = 0;  // scaled by 16
};

}  // namespace dialtone::media
