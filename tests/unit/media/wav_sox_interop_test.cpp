// WAV interop with SoX (Debian package sox, installed by scripts/install-deps.sh): files
// SoX writes in the formats people bring to a phone system (8/16/22.05/44.1/48 kHz, mono
// and stereo, 8- and 16-bit PCM, µ-law, A-law) read back at 8 kHz mono with the right
// length, tone frequency and level; formats we refuse are refused by name; and SoX reads
// the recordings WavWriter makes. Fails, not skips, when sox is missing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "media/tone_generator.hpp"
#include "media/wav_reader.hpp"
#include "media/wav_writer.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

class WavSoxInterop : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(std::system("command -v sox >/dev/null 2>&1"), 0)
            << "sox not found: install the Debian package sox (scripts/install-deps.sh)";
    }

    // Runs a sox command line (paths relative to the temp dir); the test fails if it does.
    void sox(const std::string& args) {
        const std::string command =
            "cd '" + dir_.path().string() + "' && sox -D " + args + " 2>sox.err";
        const int rc = std::system(command.c_str());
        std::ifstream err(dir_ / "sox.err");
        std::stringstream text;
        text << err.rdbuf();
        ASSERT_EQ(rc, 0) << command << "\n" << text.str();
    }

    std::string soxi(const std::string& flag, const std::string& file) {
        const std::string command =
            "cd '" + dir_.path().string() + "' && sox --i " + flag + " " + file + " >soxi.out 2>&1";
        EXPECT_EQ(std::system(command.c_str()), 0) << command;
        std::ifstream out(dir_ / "soxi.out");
        std::string line;
        std::getline(out, line);
        return line;
    }

    // Reads `file` at 8 kHz and checks: `seconds` long, a 1 kHz tone of peak `amplitude`
    // (a fraction of full scale).
    void expect_tone(const std::string& file, double seconds, double amplitude) {
        auto audio = read_wav_file(dir_ / file, 8000);
        ASSERT_TRUE(audio) << audio.error();
        EXPECT_EQ(audio->sample_rate, 8000u);
        EXPECT_NEAR(static_cast<double>(audio->samples.size()), seconds * 8000, 1.0) << file;
        const auto middle = std::span(audio->samples).subspan(800, audio->samples.size() - 1600);
        EXPECT_NEAR(test::zero_crossing_frequency(middle, 8000), 1000, 0.5) << file;
        EXPECT_NEAR(test::goertzel_amplitude(middle, 1000, 8000) / 32767, amplitude,
                    amplitude * 0.03)
            << file;
    }

    test::TempDir dir_;
};

TEST_F(WavSoxInterop, Pcm16MonoAtEveryCommonRate) {
    for (int rate : {8000, 16000, 44100, 48000}) {
        const std::string file = "mono" + std::to_string(rate) + ".wav";
        sox("-n -r " + std::to_string(rate) + " -b 16 -c 1 " + file +
            " synth 1.5 sine 1000 vol 0.5");
        expect_tone(file, 1.5, 0.5);
    }
}

// Left at 0.6 and right at 0.2 of full scale, in phase: the mono mix is their mean, 0.4.
TEST_F(WavSoxInterop, StereoIsMixedToTheMeanOfTheChannels) {
    sox("-n -r 44100 -b 16 -c 1 left.wav synth 1.5 sine 1000 vol 0.6");
    sox("-n -r 44100 -b 16 -c 1 right.wav synth 1.5 sine 1000 vol 0.2");
    sox("-M left.wav right.wav stereo.wav");
    ASSERT_EQ(soxi("-c", "stereo.wav"), "2");
    expect_tone("stereo.wav", 1.5, 0.4);
}

TEST_F(WavSoxInterop, UlawAlawAndEightBitPcm) {
    sox("-n -r 8000 -e u-law -b 8 -c 1 ulaw.wav synth 1.5 sine 1000 vol 0.5");
    sox("-n -r 8000 -e a-law -b 8 -c 1 alaw.wav synth 1.5 sine 1000 vol 0.5");
    sox("-n -r 22050 -e unsigned-integer -b 8 -c 1 u8.wav synth 1.5 sine 1000 vol 0.5");
    expect_tone("ulaw.wav", 1.5, 0.5);
    expect_tone("alaw.wav", 1.5, 0.5);
    expect_tone("u8.wav", 1.5, 0.5);
    auto ulaw = read_wav_file(dir_ / "ulaw.wav", 8000);
    ASSERT_TRUE(ulaw);
    EXPECT_EQ(ulaw->source.format, kWavUlaw);
}

TEST_F(WavSoxInterop, RefusedFormatsNameTheFileAndTheReason) {
    sox("-n -r 44100 -b 24 -c 1 p24.wav synth 0.2 sine 1000");
    auto p24 = read_wav_file(dir_ / "p24.wav", 8000);
    ASSERT_FALSE(p24);
    EXPECT_EQ(p24.error(), (dir_ / "p24.wav").string() + ": 24-bit PCM is not supported");

    sox("-n -r 8000 -b 16 -c 1 tone.au synth 0.2 sine 1000");
    auto au = read_wav_file(dir_ / "tone.au", 8000);
    ASSERT_FALSE(au);
    EXPECT_EQ(au.error(), (dir_ / "tone.au").string() + ": not a RIFF/WAVE file");

    sox("-n -r 8000 -b 32 -e floating-point -c 1 float.wav synth 0.2 sine 1000");
    auto f = read_wav_file(dir_ / "float.wav", 8000);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error(), (dir_ / "float.wav").string() + ": IEEE float samples are not supported");
}

// The other way round: SoX reads a WavWriter recording as 8 kHz mono 16-bit of the
// length written, and resamples it (which decodes every sample) without complaint.
TEST_F(WavSoxInterop, SoxReadsOurRecordings) {
    {
        auto writer = WavWriter::create(dir_ / "rec.wav", 8000);
        ASSERT_TRUE(writer) << writer.error();
        ToneGenerator tone = ToneGenerator::sine(1000, -10);
        for (int i = 0; i < 75; ++i)
            ASSERT_TRUE(writer->write(tone.next_frame()));
        // No close(): the destructor finishes the file, as when a call ends.
    }
    EXPECT_EQ(soxi("-r", "rec.wav"), "8000");
    EXPECT_EQ(soxi("-c", "rec.wav"), "1");
    EXPECT_EQ(soxi("-b", "rec.wav"), "16");
    EXPECT_EQ(soxi("-s", "rec.wav"), "12000");
    sox("rec.wav -r 16000 rec16k.wav");
    auto back = read_wav_file(dir_ / "rec16k.wav", 8000);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->source.sample_rate, 16000u);
    EXPECT_NEAR(test::zero_crossing_frequency(back->samples, 8000), 1000, 0.5);
}

}  // namespace
}  // namespace dialtone::media
