#include "media/tone_generator.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "media/level.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

TEST(ToneGenerator, SineHasItsFrequency) {
    for (double f : {300.0, 440.0, 1004.0, 3400.0}) {
        std::vector<std::int16_t> x(8000);
        ToneGenerator::sine(f, -10).generate(x);
        EXPECT_NEAR(test::zero_crossing_frequency(x, 8000), f, 0.2) << f;
    }
}

// G.711: full scale is +3.14 dBm0, so -10 dBm0 is a sine with RMS 32767 / sqrt(2) / 10^(13.14/20).
TEST(ToneGenerator, LevelIsInDbm0) {
    for (double level : {3.0, 0.0, -10.0, -20.0, -40.0}) {
        std::vector<std::int16_t> x(8000);
        ToneGenerator::sine(1000, level).generate(x);
        EXPECT_NEAR(dbm0_for_rms(test::rms(x)), level, 0.05) << level;
    }
    EXPECT_NEAR(sine_peak_for_dbm0(0), 22826, 1);
}

TEST(ToneGenerator, FramesAreOneContinuousSignal) {
    ToneGenerator framed = ToneGenerator::sine(1234.5, -6);
    ToneGenerator whole = ToneGenerator::sine(1234.5, -6);
    std::vector<std::int16_t> a;
    for (int i = 0; i < 10; ++i) {
        const auto f = framed.next_frame();
        a.insert(a.end(), f.begin(), f.end());
    }
    std::vector<std::int16_t> b(1600);
    whole.generate(b);
    EXPECT_EQ(a, b);
}

// ITU-T Q.23: every key is one low-group and one high-group frequency.
TEST(ToneGenerator, Q23DtmfFrequencyPairs) {
    const std::string keys = "123A456B789C*0#D";
    const double low[] = {697, 770, 852, 941};
    const double high[] = {1209, 1336, 1477, 1633};
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto pair = dtmf_frequencies(keys[i]);
        ASSERT_TRUE(pair) << keys[i];
        EXPECT_EQ(pair->first, low[i / 4]) << keys[i];
        EXPECT_EQ(pair->second, high[i % 4]) << keys[i];
    }
    EXPECT_EQ(dtmf_frequencies('a'), dtmf_frequencies('A'));
    EXPECT_FALSE(dtmf_frequencies('E'));
    EXPECT_FALSE(ToneGenerator::dtmf('x'));
}

// The generated digit carries its two frequencies at the asked level, and none of the
// other six.
TEST(ToneGenerator, Q23DtmfToneContainsExactlyItsPair) {
    const double all[] = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
    for (char key : std::string("0123456789*#ABCD")) {
        auto gen = ToneGenerator::dtmf(key, -10);
        ASSERT_TRUE(gen);
        std::vector<std::int16_t> x(800);  // 100 ms
        gen->generate(x);
        const auto pair = *dtmf_frequencies(key);
        const double peak = sine_peak_for_dbm0(-10);
        for (double f : all) {
            const double a = test::goertzel_amplitude(x, f, 8000);
            if (f == pair.first || f == pair.second) {
                EXPECT_NEAR(a / peak, 1.0, 0.1) << key << " " << f;
            } else {
                EXPECT_LT(a / peak, 0.1) << key << " " << f;
            }
        }
    }
}

}  // namespace
}  // namespace dialtone::media
