#include "media/resampler.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "media/tone_generator.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

std::vector<std::int16_t> tone(double frequency, std::uint32_t rate, double seconds,
                               double level = -10) {
    std::vector<std::int16_t> x(static_cast<std::size_t>(rate * seconds));
    ToneGenerator::sine(frequency, level, rate).generate(x);
    return x;
}

// The middle, away from the filter's start-up at the edges.
std::span<const std::int16_t> middle(const std::vector<std::int16_t>& x) {
    return std::span(x).subspan(x.size() / 4, x.size() / 2);
}

TEST(Resampler, LengthFollowsTheRateRatio) {
    const std::vector<std::int16_t> in(44100);
    EXPECT_EQ(resample(in, 44100, 8000).size(), 8000u);
    EXPECT_EQ(resample(std::vector<std::int16_t>(48001), 48000, 8000).size(), 8000u);
    EXPECT_EQ(resample(std::vector<std::int16_t>(4000), 4000, 8000).size(), 8000u);
    EXPECT_TRUE(resample(in, 0, 8000).empty());
}

TEST(Resampler, SameRateIsACopy) {
    const std::vector<std::int16_t> in = {1, -2, 3};
    EXPECT_EQ(resample(in, 8000, 8000), in);
}

TEST(Resampler, KeepsFrequencyAndLevelOfInBandTones) {
    for (std::uint32_t rate : {11025u, 16000u, 22050u, 44100u, 48000u}) {
        for (double f : {400.0, 1000.0, 3000.0}) {
            const auto out = resample(tone(f, rate, 1.0), rate, 8000);
            const auto m = middle(out);
            EXPECT_NEAR(test::zero_crossing_frequency(m, 8000), f, 0.5)
                << rate << " Hz, tone " << f;
            // Level within 0.1 dB: the passband of the low-pass reaches past 3 kHz.
            const double expected = 32767 * std::pow(10.0, (-10 - 3.14) / 20);
            EXPECT_NEAR(test::goertzel_amplitude(m, f, 8000) / expected, 1.0, 0.012)
                << rate << " Hz, tone " << f;
        }
    }
}

// A tone above the new Nyquist frequency (4 kHz) must not alias into the band: 6 kHz at
// 44.1 kHz would fold to 2 kHz without the low-pass filter.
TEST(Resampler, FiltersContentAboveTheNewNyquistFrequency) {
    for (std::uint32_t rate : {16000u, 44100u, 48000u}) {
        const auto out = resample(tone(6000, rate, 1.0, 0), rate, 8000);
        const double alias = test::goertzel_amplitude(middle(out), 2000, 8000);
        EXPECT_LT(alias, 32767 * 0.001) << rate;  // below -60 dB of full scale
        EXPECT_LT(test::rms(middle(out)), 32767 * 0.001) << rate;
    }
}

TEST(Resampler, UpsamplingInterpolatesLinearly) {
    const std::vector<std::int16_t> in = {0, 100, 200, -200};
    EXPECT_EQ(resample(in, 4000, 8000),
              (std::vector<std::int16_t>{0, 50, 100, 150, 200, 0, -200, -200}));
}

}  // namespace
}  // namespace dialtone::media
