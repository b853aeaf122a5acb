#include "media/tone_generator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "media/level.hpp"

namespace dialtone::media {

std::optional<std::pair<double, double>> dtmf_frequencies(char digit) {
    // Q.23 keypad: rows are the low group, columns the high group.
    static constexpr std::array<double, 4> kLow = {697, 770, 852, 941};
    static constexpr std::array<double, 4> kHigh = {1209, 1336, 1477, 1633};
    static constexpr char kKeys[4][5] = {"123A", "456B", "789C", "*0#D"};
    if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
    for (std::size_t row = 0; row < 4; ++row) {
        for (std::size_t col = 0; col < 4; ++col) {
            if (kKeys[row][col] == digit) return std::pair{kLow[row], kHigh[col]};
        }
    }
    return std::nullopt;
}

ToneGenerator::ToneGenerator(std::vector<ToneComponent> components, std::uint32_t sample_rate) {
    oscillators_.reserve(components.size());
    for (const ToneComponent& c : components) {
        oscillators_.push_back(
            Oscillator{sine_peak_for_dbm0(c.level_dbm0), c.frequency / sample_rate, 0.0});
    }
}

ToneGenerator ToneGenerator::sine(double frequency, double level_dbm0, std::uint32_t sample_rate) {
    return ToneGenerator({ToneComponent{frequency, level_dbm0}}, sample_rate);
}

std::optional<ToneGenerator> ToneGenerator::dtmf(char digit, double level_dbm0,
                                                 std::uint32_t sample_rate) {
    const auto pair = dtmf_frequencies(digit);
    if (!pair) return std::nullopt;
    return ToneGenerator({{pair->first, level_dbm0}, {pair->second, level_dbm0}}, sample_rate);
}

void ToneGenerator::generate(std::span<std::int16_t> out) {
    for (std::int16_t& sample : out) {
        double v = 0;
        for (Oscillator& o : oscillators_) {
            v += o.amplitude * std::sin(2 * std::numbers::pi * o.phase);
            o.phase += o.step;
            o.phase -= std::floor(o.phase);  // keeps precision over long calls
        }
        sample = static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
    }
}

std::array<std::int16_t, kSamplesPerFrame> ToneGenerator::next_frame() {
    std::array<std::int16_t, kSamplesPerFrame> frame{};
    generate(frame);
    return frame;
}

}  // namespace dialtone::media
