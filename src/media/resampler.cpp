#include "media/resampler.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dialtone::media {

namespace {

constexpr int kTablePointsPerSample = 64;

std::int16_t to_sample(double v) {
    return static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

// A windowed-sinc low-pass as a function of time in input samples: cut-off `cutoff` in
// cycles per input sample, nonzero for |t| < half_width. Symmetric, so the table holds
// t >= 0 only.
class LowPassKernel {
  public:
    LowPassKernel(double cutoff, double half_width) : half_width_(half_width) {
        const auto points =
            static_cast<std::size_t>(std::ceil(half_width * kTablePointsPerSample)) + 2;
        table_.resize(points);
        for (std::size_t i = 0; i < points; ++i) {
            const double t = static_cast<double>(i) / kTablePointsPerSample;
            if (t >= half_width) continue;  // zero outside the window
            const double x = 2 * cutoff * t;
            const double sinc =
                x == 0 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
            const double phase = std::numbers::pi * t / half_width;
            const double blackman = 0.42 + 0.5 * std::cos(phase) + 0.08 * std::cos(2 * phase);
            table_[i] = 2 * cutoff * sinc * blackman;
        }
    }

    double half_width() const { return half_width_; }

    double at(double t) const {
        const double position = std::abs(t) * kTablePointsPerSample;
        const auto i = static_cast<std::size_t>(position);
        if (i + 1 >= table_.size()) return 0;
        const double frac = position - static_cast<double>(i);
        return table_[i] + (table_[i + 1] - table_[i]) * frac;
    }

  private:
    double half_width_;
    std::vector<double> table_;
};

std::vector<std::int16_t> interpolate_linear(std::span<const std::int16_t> in,
                                             std::uint32_t from_rate, std::uint32_t to_rate,
                                             std::uint64_t out_size) {
    std::vector<std::int16_t> out;
    out.reserve(out_size);
    for (std::uint64_t k = 0; k < out_size; ++k) {
        const std::uint64_t position = k * from_rate;
        const std::size_t i = position / to_rate;
        const double frac = static_cast<double>(position % to_rate) / to_rate;
        const double a = in[i];
        const double b = i + 1 < in.size() ? in[i + 1] : a;
        out.push_back(to_sample(a + (b - a) * frac));
    }
    return out;
}

}  // namespace

std::vector<std::int16_t> resample(std::span<const std::int16_t> in, std::uint32_t from_rate,
                                   std::uint32_t to_rate) {
    if (from_rate == 0 || to_rate == 0 || in.empty()) return {};
    if (from_rate == to_rate) return {in.begin(), in.end()};
    const std::uint64_t out_size = in.size() * std::uint64_t{to_rate} / from_rate;
    if (from_rate < to_rate) return interpolate_linear(in, from_rate, to_rate, out_size);

    const double ratio = static_cast<double>(from_rate) / to_rate;
    // Blackman's transition is about 5.5 / length cycles per sample: a length of 55 * ratio
    // input samples makes it 10% of the output rate.
    const LowPassKernel kernel(0.45 / ratio, 27.5 * ratio);
    const auto n = static_cast<std::int64_t>(in.size());
    std::vector<std::int16_t> out;
    out.reserve(out_size);
    for (std::uint64_t k = 0; k < out_size; ++k) {
        // The output instant in input samples, exactly: k * from / to.
        const std::uint64_t numerator = k * from_rate;
        const double x = static_cast<double>(numerator / to_rate) +
                         static_cast<double>(numerator % to_rate) / to_rate;
        const auto first = std::max<std::int64_t>(
            0, static_cast<std::int64_t>(std::floor(x - kernel.half_width())) + 1);
        const auto last = std::min<std::int64_t>(
            n - 1, static_cast<std::int64_t>(std::ceil(x + kernel.half_width())) - 1);
        double acc = 0;
        double gain = 0;
        for (std::int64_t j = first; j <= last; ++j) {
            const double h = kernel.at(static_cast<double>(j) - x);
            acc += h * in[static_cast<std::size_t>(j)];
            gain += h;
        }
        // Dividing by the taps' sum keeps DC gain at exactly 1 for every fractional
        // position, and holds the level at the ends where the kernel runs off the input.
        out.push_back(to_sample(gain > 0 ? acc / gain : 0));
    }
    return out;
}

}  // namespace dialtone::media
