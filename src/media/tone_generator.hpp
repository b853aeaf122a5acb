#pragma once
// Sine tones and their sums, phase-continuous across calls, at a level in dBm0 per
// component: a test tone, a ringback or busy tone, and DTMF digits (ITU-T Q.23: a low-group
// frequency 697/770/852/941 Hz plus a high-group one 1209/1336/1477/1633 Hz).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "media/g711.hpp"

namespace dialtone::media {

struct ToneComponent {
    double frequency = 0;  // Hz
    double level_dbm0 = -10;
};

// The Q.23 (low, high) frequency pair of a DTMF key: 0-9, *, #, A-D (a-d too).
std::optional<std::pair<double, double>> dtmf_frequencies(char digit);

// Q.24 levels vary by country; -10 dBm0 per frequency is within all of them.
inline constexpr double kDefaultDtmfLevelDbm0 = -10.0;

class ToneGenerator {
  public:
    explicit ToneGenerator(std::vector<ToneComponent> components,
                           std::uint32_t sample_rate = kNarrowbandRate);

    static ToneGenerator sine(double frequency, double level_dbm0,
                              std::uint32_t sample_rate = kNarrowbandRate);
    // Nothing for a character that is not a DTMF key.
    static std::optional<ToneGenerator> dtmf(char digit, double level_dbm0 = kDefaultDtmfLevelDbm0,
                                             std::uint32_t sample_rate = kNarrowbandRate);

    // Fills `out` with the next samples (clipped to 16 bits).
    void generate(std::span<std::int16_t> out);
    // The next 20 ms at 8 kHz.
    std::array<std::int16_t, kSamplesPerFrame> next_frame();

  private:
    struct Oscillator {
        double amplitude;
        double step;   // cycles per sample
        double phase;  // cycles, in [0, 1)
    };
    std::vector<Oscillator> oscillators_;
};

}  // namespace dialtone::media
