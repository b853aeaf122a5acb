#include "media/g711_playout.hpp"

#include <algorithm>

namespace dialtone::media {

G711Playout::G711Playout(G711Law law, JitterBufferConfig config)
    : law_(law), buffer_(config), concealer_(config.max_concealed_in_row) {}

void G711Playout::put(std::uint16_t sequence, std::uint32_t timestamp, bool marker, Instant arrival,
                      std::span<const std::uint8_t> payload) {
    buffer_.put(sequence, timestamp, marker, arrival, payload);
}

std::array<std::int16_t, kSamplesPerFrame> G711Playout::get(Instant now) {
    std::array<std::int16_t, kSamplesPerFrame> frame{};
    const PlayoutFrame f = buffer_.get(now);
    last_kind_ = f.kind;
    switch (f.kind) {
        case PlayoutKind::Audio:
            // A short payload leaves the rest silent; a long one is cut to the frame.
            g711_decode(law_, f.payload.first(std::min(f.payload.size(), frame.size())), frame);
            concealer_.remember(frame);
            break;
        case PlayoutKind::Conceal:
            concealer_.conceal(f.concealed_in_row, frame);
            break;
        case PlayoutKind::Silence:
            break;
    }
    return frame;
}

}  // namespace dialtone::media
