#include "ua/stream_config.hpp"

#include <optional>
#include <string_view>

namespace dialtone::ua {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// RFC 3551 §4.5.14: PCMU and PCMA, 8000 Hz, one channel.
std::optional<media::G711Law> g711_law(const sdp::NegotiatedCodec& codec) {
    if (codec.clock_rate != media::kNarrowbandRate || codec.channels != 1) return std::nullopt;
    if (equals_ignoring_case(codec.name, "PCMU")) return media::G711Law::Ulaw;
    if (equals_ignoring_case(codec.name, "PCMA")) return media::G711Law::Alaw;
    return std::nullopt;
}

bool carries_dtmf(const sdp::EventSet& events) {
    for (std::uint8_t e = 0; e <= 11; ++e) {  // 0-9, *, # (RFC 4733 §3.2)
        if (!events.contains(e)) return false;
    }
    return true;
}

}  // namespace

media::Result<media::AudioStreamConfig, std::string> audio_config_for(
    const sdp::NegotiatedStream& stream, media::AudioStreamConfig base) {
    using R = media::Result<media::AudioStreamConfig, std::string>;
    if (!stream.active) return R::failure("the audio stream was rejected (port 0)");

    bool have_send = false;
    base.receive_codecs.clear();
    // The peer's order: the first common G.711 codec is the one to send (RFC 3264 §6.1).
    for (const sdp::NegotiatedCodec& codec : stream.codecs) {
        const auto law = g711_law(codec);
        if (!law) continue;
        if (!have_send) {
            base.send_law = *law;
            base.send_payload_type = codec.send_payload_type;
            have_send = true;
        }
        base.receive_codecs.push_back({codec.receive_payload_type, *law});
    }
    if (!have_send) return R::failure("no PCMU or PCMA codec in common with the peer");

    base.send_event_payload_type.reset();
    base.receive_event_payload_type.reset();
    if (const auto& te = stream.telephone_event; te && te->clock_rate == media::kNarrowbandRate) {
        // Only send digits the peer said it takes (RFC 4733 §2.4.1).
        if (carries_dtmf(te->send_events)) base.send_event_payload_type = te->send_payload_type;
        base.receive_event_payload_type = te->receive_payload_type;
    }
    base.send = stream.sends();
    base.receive = stream.receives();
    return base;
}

}  // namespace dialtone::ua
