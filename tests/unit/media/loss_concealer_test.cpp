#include "media/loss_concealer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "media/g711_playout.hpp"
#include "media/tone_generator.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

TEST(LossConcealer, RepeatsTheLastFrameFadingOut) {
    LossConcealer plc(3);
    const std::vector<std::int16_t> last(160, 3000);
    plc.remember(last);
    std::vector<std::int16_t> out(160);
    plc.conceal(1, out);
    EXPECT_EQ(out.front(), 3000);       // starts at full level: no click
    EXPECT_NEAR(out.back(), 2000, 20);  // 1/3 of the way down
    plc.conceal(2, out);
    EXPECT_NEAR(out.front(), 2000, 1);
    EXPECT_NEAR(out.back(), 1000, 20);
    plc.conceal(3, out);
    EXPECT_NEAR(out.front(), 1000, 1);
    EXPECT_LT(std::abs(out.back()), 30);
    plc.conceal(4, out);
    EXPECT_EQ(test::rms(out), 0.0);
}

TEST(LossConcealer, SilenceWithoutAFrameToRepeat) {
    LossConcealer plc;
    std::vector<std::int16_t> out(160, 7);
    plc.conceal(1, out);
    EXPECT_EQ(test::rms(out), 0.0);
}

// A tone of a whole number of periods per frame (1 kHz at 20 ms) concealed by repetition
// keeps its frequency.
TEST(LossConcealer, RepetitionKeepsAPeriodicTone) {
    LossConcealer plc;
    ToneGenerator tone = ToneGenerator::sine(1000, -10);
    const auto frame = tone.next_frame();
    plc.remember(frame);
    std::vector<std::int16_t> out(160);
    plc.conceal(1, out);
    EXPECT_NEAR(test::zero_crossing_frequency(out, 8000), 1000, 1);
}

TEST(G711Playout, DecodesAudioAndConcealsGaps) {
    G711Playout playout(G711Law::Ulaw);
    ToneGenerator tone = ToneGenerator::sine(1000, -10);
    std::vector<std::uint8_t> payload(160);
    for (int k = 0; k < 4; ++k) {
        const auto frame = tone.next_frame();
        g711_encode(G711Law::Ulaw, frame, payload);
        if (k != 2)
            playout.put(static_cast<std::uint16_t>(k), 160u * k, k == 0, at_ms(20 * k + 5),
                        payload);
    }
    std::vector<PlayoutKind> kinds;
    std::vector<double> levels;
    for (int j = 0; j < 6; ++j) {
        const auto out = playout.get(at_ms(30 + 20 * j));
        kinds.push_back(playout.last_kind());
        levels.push_back(test::rms(out));
    }
    EXPECT_EQ(kinds, (std::vector<PlayoutKind>{PlayoutKind::Audio, PlayoutKind::Audio,
                                               PlayoutKind::Conceal, PlayoutKind::Audio,
                                               PlayoutKind::Conceal, PlayoutKind::Conceal}));
    const double full = levels[0];
    EXPECT_GT(full, 5000);
    EXPECT_NEAR(levels[1], full, full * 0.02);
    EXPECT_NEAR(levels[3], full, full * 0.02);
    EXPECT_LT(levels[2], full);  // faded
    EXPECT_GT(levels[2], full * 0.5);
    EXPECT_EQ(playout.buffer().stats().lost, 1u);
}

}  // namespace
}  // namespace dialtone::media
