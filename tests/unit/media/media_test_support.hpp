#pragma once
// Helpers for the media tests: a seeded random source, signal measurements (Goertzel power,
// RMS level, frequency from zero crossings), and a temporary directory removed afterwards.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <system_error>

#include "media/random_source.hpp"

namespace dialtone::media::test {

inline RandomSource seeded_random(std::uint32_t seed) {
    auto engine = std::make_shared<std::mt19937>(seed);
    return [engine] { return static_cast<std::uint32_t>((*engine)()); };
}

// A source that returns the given value every time.
inline RandomSource fixed_random(std::uint32_t value) {
    return [value] { return value; };
}

// The amplitude of the `frequency` component (Goertzel): A for a sine of amplitude A over
// a whole number of periods.
inline double goertzel_amplitude(std::span<const std::int16_t> x, double frequency, double rate) {
    const double w = 2 * std::numbers::pi * frequency / rate;
    const double coeff = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (std::int16_t v : x) {
        const double s0 = v + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    return 2 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(x.size());
}

inline double rms(std::span<const std::int16_t> x) {
    double sum = 0;
    for (std::int16_t v : x)
        sum += static_cast<double>(v) * v;
    return x.empty() ? 0 : std::sqrt(sum / static_cast<double>(x.size()));
}

// Frequency from the number of upward zero crossings (linear-interpolated) over the span.
inline double zero_crossing_frequency(std::span<const std::int16_t> x, double rate) {
    double first = -1, last = -1;
    int crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i) {
        if (x[i - 1] < 0 && x[i] >= 0) {
            const double t = static_cast<double>(i - 1) +
                             static_cast<double>(-x[i - 1]) / static_cast<double>(x[i] - x[i - 1]);
            if (first < 0) first = t;
            last = t;
            ++crossings;
        }
    }
    if (crossings < 2) return 0;
    return (crossings - 1) * rate / (last - first);
}

// SNR in dB of `actual` against `reference`.
inline double snr_db(std::span<const std::int16_t> reference,
                     std::span<const std::int16_t> actual) {
    double signal = 0, noise = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        signal += static_cast<double>(reference[i]) * reference[i];
        const double e = static_cast<double>(actual[i]) - reference[i];
        noise += e * e;
    }
    return 10 * std::log10(signal / noise);
}

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("dialtone-media-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

}  // namespace dialtone::media::test
