#pragma once
// Receives RFC 4733 events and reports each one once (§2.5.2): an event is known by its RTP
// timestamp (and event code), which all its packets share, so the duration updates and the
// three final reports of one key press make one report. Whichever packet of an event comes
// first reports it, so a lost first packet (or a reordered start) still yields the digit.

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "media/telephone_event.hpp"

namespace dialtone::media {

struct ReceivedEvent {
    std::uint8_t event = 0;
    std::optional<char> digit;  // for DTMF events 0-15
    std::uint32_t timestamp = 0;
    std::uint8_t volume = 0;
    std::uint16_t duration = 0;  // as far as the reporting packet knew
    bool ended = false;          // the reporting packet was already a final report
};

class TelephoneEventDecoder {
  public:
    // Feeds one telephone-event packet; returns the event when this packet is the first
    // seen of it. Malformed payloads are counted and give nothing.
    std::optional<ReceivedEvent> on_packet(std::uint32_t rtp_timestamp,
                                           std::span<const std::uint8_t> payload);

    std::uint64_t malformed() const { return malformed_; }

  private:
    struct Key {
        std::uint32_t timestamp = 0;
        std::uint8_t event = 0;
        bool used = false;
    };
    // Recent events, enough to recognize stragglers of an event after the next began.
    static constexpr std::size_t kRemembered = 16;
    std::array<Key, kRemembered> recent_{};
    std::size_t next_slot_ = 0;
    std::uint64_t malformed_ = 0;
};

}  // namespace dialtone::media
