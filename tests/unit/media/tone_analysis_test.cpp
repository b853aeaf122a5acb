// The tone analyser the interop tests rely on ("frequency within 2%, not silence"): it must
// find tones across the telephone band and at other sample rates far more precisely than
// that, keep finding them through noise, DC offset and dropouts, and call noise and
// near-silence what they are.

#include "media/tone_analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "media/g711.hpp"
#include "media/level.hpp"
#include "media/tone_generator.hpp"

namespace dialtone::media {
namespace {

std::vector<std::int16_t> tone(double hz, double dbm0, std::size_t n, std::uint32_t rate) {
    std::vector<std::int16_t> out(n);
    ToneGenerator::sine(hz, dbm0, rate).generate(out);
    return out;
}

std::vector<std::int16_t> white_noise(double rms, std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> dist(0, rms);
    std::vector<std::int16_t> out(n);
    for (auto& v : out)
        v = static_cast<std::int16_t>(std::clamp(dist(rng), -32768.0, 32767.0));
    return out;
}

TEST(ToneAnalysis, FindsToneFrequenciesAcrossTheTelephoneBandWithin0_1Percent) {
    for (double hz : {150.0, 300.0, 440.0, 697.0, 1000.0, 1020.0, 1633.0, 2500.0, 3400.0}) {
        const auto x = tone(hz, -10, 8000, kNarrowbandRate);
        const ToneAnalysis a = analyse_tone(x, kNarrowbandRate);
        ASSERT_TRUE(a.dominant_frequency) << hz;
        EXPECT_NEAR(*a.dominant_frequency, hz, hz * 0.001) << hz;
        EXPECT_FALSE(a.silence);
        EXPECT_GT(a.tone_share, 0.95) << hz;
        // A -10 dBm0 sine measures -10 dBm0.
        EXPECT_NEAR(a.level_dbm0, -10, 0.1) << hz;
    }
}

TEST(ToneAnalysis, WorksAtOtherSampleRatesAndShortBuffers) {
    const auto wide = tone(1000, -6, 16000, 16000);
    EXPECT_NEAR(*analyse_tone(wide, 16000).dominant_frequency, 1000, 1);
    const auto cd = tone(6000, -6, 44100, 44100);
    EXPECT_NEAR(*analyse_tone(cd, 44100).dominant_frequency, 6000, 6);
    // 100 ms at 8 kHz: blocks of 512 samples, bins of 15.6 Hz, still well under 1%.
    const auto short_tone = tone(1000, -10, 800, kNarrowbandRate);
    const ToneAnalysis a = analyse_tone(short_tone, kNarrowbandRate);
    ASSERT_TRUE(a.dominant_frequency);
    EXPECT_NEAR(*a.dominant_frequency, 1000, 5);
}

TEST(ToneAnalysis, TooShortForAFrequencyStillHasALevel) {
    const auto x = tone(1000, -10, 100, kNarrowbandRate);
    const ToneAnalysis a = analyse_tone(x, kNarrowbandRate);
    EXPECT_FALSE(a.dominant_frequency);
    EXPECT_FALSE(a.silence);
    EXPECT_NEAR(a.level_dbm0, -10, 0.5);
}

TEST(ToneAnalysis, ToneBuriedInNoiseAtZeroDbSnrIsStillFound) {
    auto x = tone(1000, -10, 16000, kNarrowbandRate);
    const double tone_rms = sine_peak_for_dbm0(-10) / std::sqrt(2.0);
    const auto noise = white_noise(tone_rms, x.size(), 7);
    for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = static_cast<std::int16_t>(x[i] + noise[i]);
    const ToneAnalysis a = analyse_tone(x, kNarrowbandRate);
    ASSERT_TRUE(a.dominant_frequency);
    EXPECT_NEAR(*a.dominant_frequency, 1000, 1);
    // Half the power is noise spread over the band; the tone's share shows it.
    EXPECT_GT(a.tone_share, 0.3);
    EXPECT_LT(a.tone_share, 0.7);
}

TEST(ToneAnalysis, WhiteNoiseIsNotSilenceAndHasNoStrongTone) {
    const auto x = white_noise(2000, 16000, 3);
    const ToneAnalysis a = analyse_tone(x, kNarrowbandRate);
    EXPECT_FALSE(a.silence);
    EXPECT_LT(a.tone_share, 0.05);
}

TEST(ToneAnalysis, SilenceAndIdleCodesAreSilence) {
    const std::vector<std::int16_t> zeros(8000, 0);
    const ToneAnalysis z = analyse_tone(zeros, kNarrowbandRate);
    EXPECT_TRUE(z.silence);
    EXPECT_FALSE(z.dominant_frequency);
    EXPECT_EQ(z.level_dbm0, -200);

    // An A-law line idling on 0xd5 decodes to a small constant.
    std::vector<std::uint8_t> idle(8000, kAlawSilence);
    std::vector<std::int16_t> decoded(idle.size());
    g711_decode(G711Law::Alaw, idle, decoded);
    EXPECT_TRUE(analyse_tone(decoded, kNarrowbandRate).silence);

    // A tone quieter than the threshold is silence; raising the threshold's bar shows why.
    const auto faint = tone(1000, -60, 8000, kNarrowbandRate);
    EXPECT_TRUE(analyse_tone(faint, kNarrowbandRate).silence);
    ToneAnalysisOptions sensitive;
    sensitive.silence_dbm0 = -70;
    const ToneAnalysis heard = analyse_tone(faint, kNarrowbandRate, sensitive);
    EXPECT_FALSE(heard.silence);
    EXPECT_NEAR(*heard.dominant_frequency, 1000, 1);
}

TEST(ToneAnalysis, DcOffsetAndDropoutsDoNotMoveTheFrequency) {
    auto x = tone(1020, -10, 24000, kNarrowbandRate);
    for (auto& v : x)
        v = static_cast<std::int16_t>(v + 3000);
    // Every fifth 20 ms frame lost to silence, as a lossy call's recording might be.
    for (std::size_t f = 0; f < x.size() / 160; f += 5)
        std::fill_n(x.begin() + static_cast<std::ptrdiff_t>(f * 160), 160, 0);
    const ToneAnalysis a = analyse_tone(x, kNarrowbandRate);
    ASSERT_TRUE(a.dominant_frequency);
    EXPECT_NEAR(*a.dominant_frequency, 1020, 1020 * 0.002);
}

TEST(ToneAnalysis, TheStrongerOfTwoTonesWinsAndTheSearchRangeIsHonoured) {
    std::vector<std::int16_t> x(8000);
    ToneGenerator({{697, -10}, {1209, -16}}).generate(x);
    EXPECT_NEAR(*analyse_tone(x, kNarrowbandRate).dominant_frequency, 697, 1);
    ToneAnalysisOptions high;
    high.min_frequency = 1000;
    EXPECT_NEAR(*analyse_tone(x, kNarrowbandRate, high).dominant_frequency, 1209, 1);
    ToneAnalysisOptions low;
    low.max_frequency = 600;
    const ToneAnalysis nothing_there = analyse_tone(x, kNarrowbandRate, low);
    ASSERT_TRUE(nothing_there.dominant_frequency);
    EXPECT_LT(nothing_there.tone_share, 0.01);
}

TEST(ToneAnalysis, FrequencyWithinIsRelative) {
    EXPECT_TRUE(frequency_within(1019, 1000, 0.02));
    EXPECT_TRUE(frequency_within(981, 1000, 0.02));
    EXPECT_FALSE(frequency_within(1021, 1000, 0.02));
    EXPECT_FALSE(frequency_within(979, 1000, 0.02));
    EXPECT_FALSE(frequency_within(0, 0, 0.02));
}

}  // namespace
}  // namespace dialtone::media
