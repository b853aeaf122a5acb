#include "media/tone_analysis.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "media/level.hpp"

namespace dialtone::media {

namespace {

constexpr std::size_t kMaxBlock = 4096;
constexpr std::size_t kMinBlock = 256;
// Bounds the work on long files: blocks beyond this many are spread out, not added.
constexpr std::size_t kMaxBlocks = 2048;
constexpr double kSilentLevel = -200;
constexpr std::size_t kShareBins = 3;

// In-place iterative radix-2 FFT; `x.size()` is a power of two.
void fft(std::vector<std::complex<double>>& x) {
    const std::size_t n = x.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) std::swap(x[i], x[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2 * std::numbers::pi / static_cast<double>(len);
        const std::complex<double> step(std::cos(angle), std::sin(angle));
        for (std::size_t start = 0; start < n; start += len) {
            std::complex<double> w(1, 0);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const std::complex<double> a = x[start + k];
                const std::complex<double> b = x[start + k + len / 2] * w;
                x[start + k] = a + b;
                x[start + k + len / 2] = a - b;
                w *= step;
            }
        }
    }
}

// Welch's averaged power spectrum, bins 0..n/2.
std::vector<double> power_spectrum(std::span<const std::int16_t> samples, std::size_t n) {
    std::vector<double> window(n);
    for (std::size_t i = 0; i < n; ++i) {
        window[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) /
                                         static_cast<double>(n));
    }
    std::vector<std::size_t> starts;
    const std::size_t last_start = samples.size() - n;
    std::size_t hop = n / 2;
    if (last_start / hop + 1 > kMaxBlocks) hop = last_start / (kMaxBlocks - 1);
    for (std::size_t s = 0; s <= last_start; s += hop)
        starts.push_back(s);
    // Cover the tail too, so a tone that starts late in the buffer is not missed.
    if (starts.back() != last_start) starts.push_back(last_start);

    std::vector<double> power(n / 2 + 1, 0.0);
    std::vector<std::complex<double>> block(n);
    for (std::size_t s : starts) {
        double mean = 0;
        for (std::size_t i = 0; i < n; ++i)
            mean += samples[s + i];
        mean /= static_cast<double>(n);
        for (std::size_t i = 0; i < n; ++i)
            block[i] = {(samples[s + i] - mean) * window[i], 0.0};
        fft(block);
        for (std::size_t k = 0; k <= n / 2; ++k)
            power[k] += std::norm(block[k]);
    }
    return power;
}

}  // namespace

ToneAnalysis analyse_tone(std::span<const std::int16_t> samples, std::uint32_t sample_rate,
                          const ToneAnalysisOptions& options) {
    ToneAnalysis a;
    a.samples = samples.size();
    a.sample_rate = sample_rate;
    double sum = 0;
    for (std::int16_t v : samples) {
        sum += static_cast<double>(v) * v;
        a.peak = std::max<std::int32_t>(a.peak, std::abs(static_cast<std::int32_t>(v)));
    }
    a.rms = samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
    a.level_dbm0 = a.rms > 0 ? dbm0_for_rms(a.rms) : kSilentLevel;
    a.silence = a.level_dbm0 < options.silence_dbm0;
    if (a.silence || sample_rate == 0 || samples.size() < kMinBlock) return a;

    const std::size_t n = std::min(kMaxBlock, std::bit_floor(samples.size()));
    const std::vector<double> power = power_spectrum(samples, n);
    const double bin_hz = static_cast<double>(sample_rate) / static_cast<double>(n);
    // Bins 0 and 1 hold what is left of DC after the window; the edges need a neighbour
    // on each side for the interpolation.
    const auto first = std::max<std::size_t>(
        2, static_cast<std::size_t>(std::ceil(options.min_frequency / bin_hz)));
    std::size_t last = n / 2 - 1;
    if (options.max_frequency > 0) {
        last = std::min(last, static_cast<std::size_t>(std::floor(options.max_frequency / bin_hz)));
    }
    if (first > last) return a;

    std::size_t k = first;
    for (std::size_t i = first; i <= last; ++i) {
        if (power[i] > power[k]) k = i;
    }
    if (power[k] <= 0) return a;

    // Parabola through the log powers: exact for a Gaussian peak, close for a Hann one.
    const double floor = power[k] * 1e-12;
    const double l = std::log(std::max(power[k - 1], floor));
    const double c = std::log(power[k]);
    const double r = std::log(std::max(power[k + 1], floor));
    const double denominator = l - 2 * c + r;
    double delta = denominator < 0 ? 0.5 * (l - r) / denominator : 0.0;
    delta = std::clamp(delta, -0.5, 0.5);
    a.dominant_frequency = (static_cast<double>(k) + delta) * bin_hz;

    double total = 0;
    for (std::size_t i = 1; i <= n / 2; ++i)
        total += power[i];
    double near = 0;
    for (std::size_t i = k > kShareBins ? k - kShareBins : 1; i <= std::min(k + kShareBins, n / 2);
         ++i)
        near += power[i];
    a.tone_share = total > 0 ? near / total : 0;
    return a;
}

bool frequency_within(double measured, double expected, double tolerance) {
    return expected > 0 && std::abs(measured - expected) <= tolerance * expected;
}

}  // namespace dialtone::media
