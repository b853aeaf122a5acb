#pragma once
// The sending side of one RTP stream (RFC 3550 §5.1): one SSRC, a sequence number that goes
// up by one per packet, and a media timestamp that goes up by the samples each packet
// carries. Both start at random values (§5.1) and the SSRC is random (§8.1), drawn from the
// injected random source. The marker bit flags the first packet of a talkspurt (RFC 3551
// §4.1). Counts what an SR reports (§6.4.1): packets and payload octets sent.

#include <cstdint>
#include <span>
#include <vector>

#include "media/random_source.hpp"
#include "media/rtp_packet.hpp"

namespace dialtone::media {

class RtpSender {
  public:
    RtpSender(std::uint32_t ssrc, std::uint16_t first_sequence, std::uint32_t first_timestamp);
    // SSRC, first sequence number and first timestamp drawn from `random`.
    static RtpSender random_start(const RandomSource& random);

    std::uint32_t ssrc() const { return ssrc_; }
    // The sequence number the next packet gets.
    std::uint16_t next_sequence() const { return sequence_; }
    // The media timestamp of the next audio frame.
    std::uint32_t timestamp() const { return timestamp_; }

    // Appends one audio packet carrying `samples` samples of `payload`, stamped with the
    // current timestamp, then advances the timestamp by `samples`. The marker is set on the
    // stream's first packet and when `talkspurt_start` says a talkspurt begins (after
    // silence that was not sent).
    void write_frame(std::uint8_t payload_type, std::span<const std::uint8_t> payload,
                     std::uint32_t samples, bool talkspurt_start, std::vector<std::uint8_t>& out);

    // Advances the media clock over `samples` samples that are not sent (silence
    // suppression, or audio replaced by telephone-events).
    void skip(std::uint32_t samples) { timestamp_ += samples; }

    // Appends a packet with a timestamp chosen by the caller, for payloads that keep one
    // timestamp over several packets (RFC 4733 events). Takes the next sequence number and
    // does not move the media clock.
    void write_packet(std::uint8_t payload_type, std::uint32_t timestamp, bool marker,
                      std::span<const std::uint8_t> payload, std::vector<std::uint8_t>& out);

    std::uint64_t packets_sent() const { return packets_sent_; }
    // Payload octets, without header or padding (§6.4.1 "sender's octet count").
    std::uint64_t octets_sent() const { return octets_sent_; }

  private:
    std::uint32_t ssrc_;
    std::uint16_t sequence_;
    std::uint32_t timestamp_;
    bool first_ = true;
    std::uint64_t packets_sent_ = 0;
    std::uint64_t octets_sent_ = 0;
};

}  // namespace dialtone::media
