#pragma once
// The RFC 4733 telephone-event payload (§2.3): one 4-octet event report, and the DTMF event
// codes of §3.2 (digits 0-9 are events 0-9, * is 10, # is 11, A-D are 12-15).

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "media/result.hpp"

namespace dialtone::media {

inline constexpr std::size_t kTelephoneEventSize = 4;

struct TelephoneEvent {
    std::uint8_t event = 0;
    bool end = false;            // E bit (§2.3.2)
    std::uint8_t volume = 10;    // 0-63: the power level as -dBm0 (§2.3.4)
    std::uint16_t duration = 0;  // timestamp units since the event's timestamp (§2.3.5)

    friend bool operator==(const TelephoneEvent&, const TelephoneEvent&) = default;
};

// Reads the first event report of the payload. Later reports in a longer payload are not
// decoded. The reserved R bit is ignored, as §2.3.3 asks of receivers.
Result<TelephoneEvent> parse_telephone_event(std::span<const std::uint8_t> payload);

std::array<std::uint8_t, kTelephoneEventSize> write_telephone_event(const TelephoneEvent& e);

// §3.2 event codes. Lower-case a-d are taken as A-D.
std::optional<std::uint8_t> dtmf_event_code(char digit);
std::optional<char> dtmf_digit(std::uint8_t event);

}  // namespace dialtone::media
