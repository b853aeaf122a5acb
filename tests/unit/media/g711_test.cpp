#include "media/g711.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "media/tone_generator.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

int ulaw_segment(std::uint8_t code) {
    return (static_cast<std::uint8_t>(~code) >> 4) & 7;
}
int alaw_segment(std::uint8_t code) {
    return ((code ^ 0x55) >> 4) & 7;
}

// G.711 Table 2a (µ-law): all ones is +0, 0x7f the negative zero; 0x80 and 0x00 are the
// largest positive and negative values (±8031 of 8159 in 14-bit units, ±32124 in 16).
TEST(G711, UlawKnownCodePoints) {
    EXPECT_EQ(ulaw_decode(0xff), 0);
    EXPECT_EQ(ulaw_decode(0x7f), 0);
    EXPECT_EQ(ulaw_decode(0x80), 32124);
    EXPECT_EQ(ulaw_decode(0x00), -32124);
    EXPECT_EQ(ulaw_decode(0xfe), 8);  // first step above zero: 2 in 14-bit units
    EXPECT_EQ(ulaw_decode(0x7e), -8);
    EXPECT_EQ(ulaw_decode(0xef), 132);  // first code of segment 1: (33 << 1) - 33 = 33 (14-bit)
    EXPECT_EQ(ulaw_encode(0), kUlawSilence);
    EXPECT_EQ(ulaw_encode(32767), 0x80);
    EXPECT_EQ(ulaw_encode(-32768), 0x00);
    EXPECT_EQ(ulaw_encode(-1), 0x7f);
}

// G.711 Table 1a (A-law): even bits inverted; 0xd5 is the smallest positive value (the
// silence code), 0x55 its negative; 0xaa and 0x2a are ±4032 of 4096 (±32256 in 16 bits).
TEST(G711, AlawKnownCodePoints) {
    EXPECT_EQ(alaw_decode(0xd5), 8);
    EXPECT_EQ(alaw_decode(0x55), -8);
    EXPECT_EQ(alaw_decode(0xaa), 32256);
    EXPECT_EQ(alaw_decode(0x2a), -32256);
    EXPECT_EQ(alaw_encode(0), kAlawSilence);
    EXPECT_EQ(alaw_encode(-1), 0x55);
    EXPECT_EQ(alaw_encode(32767), 0xaa);
    EXPECT_EQ(alaw_encode(-32768), 0x2a);
}

// Segments double the step: the decoded values of adjacent codes in segment s differ by
// 2^s units of the law's resolution.
TEST(G711, StepDoublesEverySegment) {
    for (int segment = 0; segment < 8; ++segment) {
        const auto u = [segment](int step) {
            return ulaw_decode(static_cast<std::uint8_t>(~(0x00 | (segment << 4) | step)));
        };
        EXPECT_EQ(u(1) - u(0), 8 << segment) << segment;
        const auto a = [segment](int step) {
            return alaw_decode(static_cast<std::uint8_t>((0x80 | (segment << 4) | step) ^ 0x55));
        };
        EXPECT_EQ(a(1) - a(0), segment == 0 ? 16 : 8 << segment) << segment;
    }
}

TEST(G711, DecodeOfEncodeIsMonotonic) {
    for (G711Law law : {G711Law::Ulaw, G711Law::Alaw}) {
        int previous = -40000;
        for (int x = -32768; x <= 32767; ++x) {
            const auto s = static_cast<std::int16_t>(x);
            const int y =
                law == G711Law::Ulaw ? ulaw_decode(ulaw_encode(s)) : alaw_decode(alaw_encode(s));
            ASSERT_GE(y, previous) << "x=" << x;
            previous = y;
        }
    }
}

// Decoding gives a value inside the code's quantization interval, so encoding it again
// gives the same code (µ-law's negative zero 0x7f decodes to 0, which encodes as 0xff).
TEST(G711, EncodeOfDecodeGivesTheSameCode) {
    for (int c = 0; c < 256; ++c) {
        const auto code = static_cast<std::uint8_t>(c);
        if (code != 0x7f) {
            EXPECT_EQ(ulaw_encode(ulaw_decode(code)), code) << c;
        }
        EXPECT_EQ(alaw_encode(alaw_decode(code)), code) << c;
    }
}

// The error is at most half a step of the code's segment, up to the clipping level.
TEST(G711, ErrorIsAtMostHalfAStep) {
    for (int x = -32768; x <= 32767; ++x) {
        const auto s = static_cast<std::int16_t>(x);
        const std::uint8_t u = ulaw_encode(s);
        if (std::abs(x) <= 32635) {
            ASSERT_LE(std::abs(x - ulaw_decode(u)), 4 << ulaw_segment(u)) << "u-law x=" << x;
        }
        const std::uint8_t a = alaw_encode(s);
        const int half_step = alaw_segment(a) == 0 ? 8 : 4 << alaw_segment(a);
        ASSERT_LE(std::abs(x - alaw_decode(a)), half_step + 1) << "A-law x=" << x;
    }
}

TEST(G711, SymmetricAboutZero) {
    for (int c = 0; c < 128; ++c) {
        EXPECT_EQ(ulaw_decode(static_cast<std::uint8_t>(c)),
                  -ulaw_decode(static_cast<std::uint8_t>(c | 0x80)));
        EXPECT_EQ(alaw_decode(static_cast<std::uint8_t>(c)),
                  -alaw_decode(static_cast<std::uint8_t>(c | 0x80)));
    }
}

// G.711's signal-to-quantization-noise ratio for a sine is ~38 dB over the usual speech
// levels; 35 dB is the floor asked for.
TEST(G711, SineRoundTripSnrAbove35Db) {
    for (G711Law law : {G711Law::Ulaw, G711Law::Alaw}) {
        for (double level : {0.0, -10.0, -20.0, -30.0}) {
            std::vector<std::int16_t> tone(8000);
            ToneGenerator::sine(1004, level).generate(tone);
            std::vector<std::uint8_t> coded(tone.size());
            std::vector<std::int16_t> decoded(tone.size());
            g711_encode(law, tone, coded);
            g711_decode(law, coded, decoded);
            EXPECT_GT(test::snr_db(tone, decoded), 35.0)
                << (law == G711Law::Ulaw ? "u-law " : "A-law ") << level << " dBm0";
        }
    }
}

TEST(G711, BlockFormsMatchPerSample) {
    std::vector<std::int16_t> in;
    for (int x = -32768; x <= 32767; x += 37)
        in.push_back(static_cast<std::int16_t>(x));
    std::vector<std::uint8_t> u(in.size()), a(in.size());
    g711_encode(G711Law::Ulaw, in, u);
    g711_encode(G711Law::Alaw, in, a);
    std::vector<std::int16_t> ud(in.size()), ad(in.size());
    g711_decode(G711Law::Ulaw, u, ud);
    g711_decode(G711Law::Alaw, a, ad);
    for (std::size_t i = 0; i < in.size(); ++i) {
        ASSERT_EQ(u[i], ulaw_encode(in[i]));
        ASSERT_EQ(a[i], alaw_encode(in[i]));
        ASSERT_EQ(ud[i], ulaw_decode(u[i]));
        ASSERT_EQ(ad[i], alaw_decode(a[i]));
    }
}

}  // namespace
}  // namespace dialtone::media
