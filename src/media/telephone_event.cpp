#include "media/telephone_event.hpp"

#include <string_view>

#include "media/byte_order.hpp"

namespace dialtone::media {

namespace {

constexpr std::string_view kDtmfDigits = "0123456789*#ABCD";

}  // namespace

Result<TelephoneEvent> parse_telephone_event(std::span<const std::uint8_t> payload) {
    if (payload.size() < kTelephoneEventSize) {
        return Result<TelephoneEvent>::failure("telephone-event payload shorter than 4 octets");
    }
    TelephoneEvent e;
    e.event = payload[0];
    e.end = (payload[1] & 0x80) != 0;
    e.volume = payload[1] & 0x3f;
    e.duration = load_be16(payload.data() + 2);
    return e;
}

std::array<std::uint8_t, kTelephoneEventSize> write_telephone_event(const TelephoneEvent& e) {
    std::array<std::uint8_t, kTelephoneEventSize> out{};
    out[0] = e.event;
    out[1] = static_cast<std::uint8_t>((e.end ? 0x80 : 0) | (e.volume & 0x3f));
    store_be16(out.data() + 2, e.duration);
    return out;
}

std::optional<std::uint8_t> dtmf_event_code(char digit) {
    if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
    const std::size_t i = kDtmfDigits.find(digit);
    if (i == std::string_view::npos || digit == '\0') return std::nullopt;
    return static_cast<std::uint8_t>(i);
}

std::optional<char> dtmf_digit(std::uint8_t event) {
    if (event >= kDtmfDigits.size()) return std::nullopt;
    return kDtmfDigits[event];
}

}  // namespace dialtone::media
