#include "media/g711.hpp"

#include <array>
#include <bit>

namespace dialtone::media {

namespace {

constexpr int kUlawBias = 33;            // in 14-bit units
constexpr int kUlawMaxMagnitude = 8158;  // + bias = 8191, the top of segment 7
constexpr int kAlawMaxMagnitude = 4095;

// Magnitude of a sample already shifted down to n bits (arithmetic shift: floor). Negative
// values take the ones' complement, so -1 lands in the same interval as 0 mirrored, and the
// quantizer is symmetric about -1/2 as G.711's decision levels are.
int magnitude(int reduced) {
    return reduced < 0 ? ~reduced : reduced;
}

// Decoded values of every code, computed once from the decoding rule.
template <std::int16_t (*Decode)(std::uint8_t)>
const std::array<std::int16_t, 256>& decode_table() {
    static const std::array<std::int16_t, 256> table = [] {
        std::array<std::int16_t, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[c] = Decode(static_cast<std::uint8_t>(c));
        return t;
    }();
    return table;
}

}  // namespace

std::uint8_t ulaw_encode(std::int16_t sample) {
    const int reduced = sample >> 2;  // 14-bit
    const int sign = reduced < 0 ? 0x80 : 0x00;
    int biased = magnitude(reduced);
    if (biased > kUlawMaxMagnitude) biased = kUlawMaxMagnitude;
    biased += kUlawBias;  // 33..8191: bit 5 (segment 0) up to bit 12 (segment 7)
    const int segment = std::bit_width(static_cast<unsigned>(biased)) - 6;
    const int step = (biased >> (segment + 1)) & 0x0f;
    return static_cast<std::uint8_t>(~(sign | (segment << 4) | step));
}

std::int16_t ulaw_decode(std::uint8_t code) {
    const int c = static_cast<std::uint8_t>(~code);
    const int segment = (c >> 4) & 0x07;
    const int step = c & 0x0f;
    // Middle of the step (2*step + 1 in half steps, plus the bias), less the bias.
    const int magnitude14 = (((step << 1) + kUlawBias) << segment) - kUlawBias;
    const int value = magnitude14 << 2;
    return static_cast<std::int16_t>((c & 0x80) ? -value : value);
}

std::uint8_t alaw_encode(std::int16_t sample) {
    const int reduced = sample >> 3;             // 13-bit
    const int sign = reduced < 0 ? 0x00 : 0x80;  // A-law marks positive values
    int mag = magnitude(reduced);
    if (mag > kAlawMaxMagnitude) mag = kAlawMaxMagnitude;
    int segment = 0;
    int step = 0;
    if (mag < 32) {
        step = mag >> 1;  // segments 0 and 1 share the smallest step
    } else {
        segment = std::bit_width(static_cast<unsigned>(mag)) - 5;  // 32..63 -> 1, ... -> 7
        step = (mag >> segment) & 0x0f;
    }
    return static_cast<std::uint8_t>((sign | (segment << 4) | step) ^ 0x55);
}

std::int16_t alaw_decode(std::uint8_t code) {
    const int c = code ^ 0x55;
    const int segment = (c >> 4) & 0x07;
    const int step = c & 0x0f;
    int magnitude13 = (step << 1) + 1;  // middle of a 2-unit step
    if (segment > 0) magnitude13 = (magnitude13 + 32) << (segment - 1);
    const int value = magnitude13 << 3;
    return static_cast<std::int16_t>((c & 0x80) ? value : -value);
}

void g711_encode(G711Law law, std::span<const std::int16_t> in, std::span<std::uint8_t> out) {
    const std::size_t n = in.size() < out.size() ? in.size() : out.size();
    if (law == G711Law::Ulaw) {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = ulaw_encode(in[i]);
    } else {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = alaw_encode(in[i]);
    }
}

void g711_decode(G711Law law, std::span<const std::uint8_t> in, std::span<std::int16_t> out) {
    const std::size_t n = in.size() < out.size() ? in.size() : out.size();
    const auto& table =
        law == G711Law::Ulaw ? decode_table<ulaw_decode>() : decode_table<alaw_decode>();
    for (std::size_t i = 0; i < n; ++i)
        out[i] = table[in[i]];
}

}  // namespace dialtone::media
