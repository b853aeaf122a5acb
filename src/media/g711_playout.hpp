#pragma once
// The receive side of a G.711 call from jitter buffer to loudspeaker: every 20 ms the
// caller asks for a frame of 160 linear samples; it gets the next received frame decoded,
// a concealment of a missing one, or silence.

#include <array>
#include <cstdint>
#include <span>

#include "media/g711.hpp"
#include "media/jitter_buffer.hpp"
#include "media/loss_concealer.hpp"

namespace dialtone::media {

class G711Playout {
  public:
    explicit G711Playout(G711Law law, JitterBufferConfig config = {});

    // An RTP packet of this stream's payload type arrived.
    void put(std::uint16_t sequence, std::uint32_t timestamp, bool marker, Instant arrival,
             std::span<const std::uint8_t> payload);
    // The next 20 ms to play.
    std::array<std::int16_t, kSamplesPerFrame> get(Instant now);

    // The kind of the frame the last get() produced.
    PlayoutKind last_kind() const { return last_kind_; }
    const JitterBuffer& buffer() const { return buffer_; }
    void reset() { buffer_.reset(); }

  private:
    G711Law law_;
    JitterBuffer buffer_;
    LossConcealer concealer_;
    PlayoutKind last_kind_ = PlayoutKind::Silence;
};

}  // namespace dialtone::media
