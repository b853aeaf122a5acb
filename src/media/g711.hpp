#pragma once
// ITU-T G.711 companding for 16-bit linear PCM, computed from the recommendation's segment
// definition (8 segments of 16 steps, each segment doubling the step): µ-law on 14-bit
// magnitudes with a bias of 33 and all bits inverted, A-law on 13-bit magnitudes with even
// bits inverted (XOR 0x55). Decoding gives the middle of each quantization interval,
// scaled back to 16 bits.

#include <cstddef>
#include <cstdint>
#include <span>

namespace dialtone::media {

// RTP static payload types (RFC 3551 §6).
inline constexpr std::uint8_t kPayloadTypePcmu = 0;
inline constexpr std::uint8_t kPayloadTypePcma = 8;

// One 20 ms packet at 8 kHz.
inline constexpr std::size_t kSamplesPerFrame = 160;
inline constexpr std::uint32_t kNarrowbandRate = 8000;

// The codes that decode to zero: what a silent line carries.
inline constexpr std::uint8_t kUlawSilence = 0xff;
inline constexpr std::uint8_t kAlawSilence = 0xd5;

std::uint8_t ulaw_encode(std::int16_t sample);
std::int16_t ulaw_decode(std::uint8_t code);
std::uint8_t alaw_encode(std::int16_t sample);
std::int16_t alaw_decode(std::uint8_t code);

enum class G711Law : std::uint8_t { Ulaw, Alaw };

// Block forms; `out` must be as long as `in`.
void g711_encode(G711Law law, std::span<const std::int16_t> in, std::span<std::uint8_t> out);
void g711_decode(G711Law law, std::span<const std::uint8_t> in, std::span<std::int16_t> out);

}  // namespace dialtone::media
