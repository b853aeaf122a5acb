#include "media/telephone_event_decoder.hpp"

namespace dialtone::media {

std::optional<ReceivedEvent> TelephoneEventDecoder::on_packet(
    std::uint32_t rtp_timestamp, std::span<const std::uint8_t> payload) {
    const auto parsed = parse_telephone_event(payload);
    if (!parsed) {
        ++malformed_;
        return std::nullopt;
    }
    const TelephoneEvent& e = *parsed;
    for (const Key& k : recent_) {
        if (k.used && k.timestamp == rtp_timestamp && k.event == e.event) return std::nullopt;
    }
    recent_[next_slot_] = Key{rtp_timestamp, e.event, true};
    next_slot_ = (next_slot_ + 1) % kRemembered;

    ReceivedEvent r;
    r.event = e.event;
    r.digit = dtmf_digit(e.event);
    r.timestamp = rtp_timestamp;
    r.volume = e.volume;
    r.duration = e.duration;
    r.ended = e.end;
    return r;
}

}  // namespace dialtone::media
