#pragma once
// Sample-rate conversion for audio files brought into a call (mostly 16/44.1/48 kHz to
// 8 kHz).
//
// Reducing the rate: band-limited interpolation. Each output sample is the input convolved
// with a windowed-sinc low-pass (Blackman window, cut-off at 45% of the output rate)
// centred on the output instant, so content above the new Nyquist frequency is removed
// rather than aliased, and in-band tones keep their level whatever the ratio. The kernel
// spans enough input samples for a transition band about 10% of the output rate wide, and
// is read from a table (64 points per input sample, linearly interpolated) so no sine is
// computed per tap.
//
// Raising the rate (files below 8 kHz, rare): linear interpolation.

#include <cstdint>
#include <span>
#include <vector>

namespace dialtone::media {

// `in` at `from_rate` Hz, as floor(size * to_rate / from_rate) samples at `to_rate` Hz.
std::vector<std::int16_t> resample(std::span<const std::int16_t> in, std::uint32_t from_rate,
                                   std::uint32_t to_rate);

}  // namespace dialtone::media
