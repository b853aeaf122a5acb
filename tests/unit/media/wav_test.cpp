#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "media/byte_order.hpp"
#include "media/g711.hpp"
#include "media/tone_generator.hpp"
#include "media/wav_reader.hpp"
#include "media/wav_writer.hpp"
#include "unit/media/media_test_support.hpp"

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

// A WAV file built by hand: RIFF header, a fmt chunk as given, extra chunks, a data chunk.
struct WavBuilder {
    std::uint16_t format = kWavPcm;
    std::uint16_t channels = 1;
    std::uint32_t rate = 8000;
    std::uint16_t bits = 16;
    Bytes extra_fmt;    // appended to the 16-octet fmt body
    Bytes before_data;  // whole chunks between fmt and data
    Bytes data;
    std::optional<std::uint32_t> data_size;  // declared size, when not the real one

    Bytes build() const {
        Bytes fmt;
        append_le16(fmt, format);
        append_le16(fmt, channels);
        append_le32(fmt, rate);
        const auto align = static_cast<std::uint16_t>(channels * bits / 8);
        append_le32(fmt, rate * align);
        append_le16(fmt, align);
        append_le16(fmt, bits);
        fmt.insert(fmt.end(), extra_fmt.begin(), extra_fmt.end());
        Bytes body = {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '};
        append_le32(body, static_cast<std::uint32_t>(fmt.size()));
        body.insert(body.end(), fmt.begin(), fmt.end());
        body.insert(body.end(), before_data.begin(), before_data.end());
        body.insert(body.end(), {'d', 'a', 't', 'a'});
        append_le32(body, data_size.value_or(static_cast<std::uint32_t>(data.size())));
        body.insert(body.end(), data.begin(), data.end());
        Bytes file = {'R', 'I', 'F', 'F'};
        append_le32(file, static_cast<std::uint32_t>(body.size()));
        file.insert(file.end(), body.begin(), body.end());
        return file;
    }
};

Bytes pcm16(std::initializer_list<std::int16_t> samples) {
    Bytes b;
    for (std::int16_t s : samples)
        append_le16(b, static_cast<std::uint16_t>(s));
    return b;
}

Bytes read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

TEST(WavWriter, CanonicalHeaderFields) {
    const Bytes h = wav_header(320, 8000, 1);
    ASSERT_EQ(h.size(), 44u);
    EXPECT_EQ(std::string(h.begin(), h.begin() + 4), "RIFF");
    EXPECT_EQ(load_le32(h.data() + 4), 36u + 320u);
    EXPECT_EQ(std::string(h.begin() + 8, h.begin() + 16), "WAVEfmt ");
    EXPECT_EQ(load_le32(h.data() + 16), 16u);
    EXPECT_EQ(load_le16(h.data() + 20), 1);  // PCM
    EXPECT_EQ(load_le16(h.data() + 22), 1);  // mono
    EXPECT_EQ(load_le32(h.data() + 24), 8000u);
    EXPECT_EQ(load_le32(h.data() + 28), 16000u);  // byte rate
    EXPECT_EQ(load_le16(h.data() + 32), 2);       // block align
    EXPECT_EQ(load_le16(h.data() + 34), 16);
    EXPECT_EQ(std::string(h.begin() + 36, h.begin() + 40), "data");
    EXPECT_EQ(load_le32(h.data() + 40), 320u);
}

TEST(WavReader, ReadsWhatEncodeWavWrote) {
    const std::vector<std::int16_t> samples = {0, 1, -1, 32767, -32768, 1234};
    auto audio = parse_wav(encode_wav(samples, 8000), "mem.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->samples, samples);
    EXPECT_EQ(audio->source.sample_rate, 8000u);
    EXPECT_EQ(audio->source.frames, samples.size());
}

TEST(WavReader, NotARiffFile) {
    const std::string text = "hello, this is not audio";
    auto r = parse_wav(Bytes(text.begin(), text.end()), "file.wav", 8000);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "file.wav: not a RIFF/WAVE file");
    EXPECT_EQ(parse_wav(Bytes{}, "empty.wav", 8000).error(), "empty.wav: not a RIFF/WAVE file");
}

TEST(WavReader, TwentyFourBitPcmIsRefusedByName) {
    WavBuilder b;
    b.bits = 24;
    b.data = Bytes(6, 0);
    EXPECT_EQ(parse_wav(b.build(), "file.wav", 8000).error(),
              "file.wav: 24-bit PCM is not supported");
}

TEST(WavReader, UnsupportedFormatsAndLayoutsAreNamed) {
    WavBuilder f;
    f.format = kWavIeeeFloat;
    f.bits = 32;
    EXPECT_EQ(parse_wav(f.build(), "f.wav", 8000).error(),
              "f.wav: IEEE float samples are not supported");
    WavBuilder mp3;
    mp3.format = 0x55;
    EXPECT_EQ(parse_wav(mp3.build(), "m.wav", 8000).error(),
              "m.wav: format tag 0x0055 is not supported");
    WavBuilder six;
    six.channels = 6;
    EXPECT_EQ(parse_wav(six.build(), "s.wav", 8000).error(),
              "s.wav: 6 channels are not supported (mono or stereo only)");
    WavBuilder no_data;
    Bytes bytes = no_data.build();
    bytes.resize(12 + 8 + 16);  // RIFF header and fmt chunk only
    EXPECT_EQ(parse_wav(bytes, "n.wav", 8000).error(), "n.wav: no data chunk");
}

TEST(WavReader, StereoIsMixedDown) {
    WavBuilder b;
    b.channels = 2;
    b.data = pcm16({1000, 3000, -32768, -32768, 32767, 32767, 5, -6});
    auto audio = parse_wav(b.build(), "s.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->source.channels, 2);
    EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{2000, -32768, 32767, 0}));
}

TEST(WavReader, UlawAndAlawFormats) {
    WavBuilder u;
    u.format = kWavUlaw;
    u.bits = 8;
    u.extra_fmt = {0, 0};  // cbSize, as G.711 WAV files carry it
    u.data = {0xff, 0x80, 0x00};
    auto ua = parse_wav(u.build(), "u.wav", 8000);
    ASSERT_TRUE(ua) << ua.error();
    EXPECT_EQ(ua->samples, (std::vector<std::int16_t>{0, 32124, -32124}));

    WavBuilder a;
    a.format = kWavAlaw;
    a.bits = 8;
    a.data = {0xd5, 0xaa};
    auto aa = parse_wav(a.build(), "a.wav", 8000);
    ASSERT_TRUE(aa) << aa.error();
    EXPECT_EQ(aa->samples, (std::vector<std::int16_t>{8, 32256}));
}

TEST(WavReader, EightBitPcmIsUnsigned) {
    WavBuilder b;
    b.bits = 8;
    b.data = {128, 255, 0};
    auto audio = parse_wav(b.build(), "e.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{0, 127 * 256, -32768}));
}

TEST(WavReader, ExtensibleFormatUsesItsSubFormat) {
    WavBuilder b;
    b.format = kWavExtensible;
    // cbSize 22, valid bits 16, channel mask, sub-format GUID starting with the PCM tag.
    b.extra_fmt = {22, 0, 16,   0, 4,    0, 0, 0,    1, 0,    0,    0,
                   0,  0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71};
    b.data = pcm16({7, -7});
    auto audio = parse_wav(b.build(), "x.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->source.format, kWavPcm);
    EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{7, -7}));
}

// RIFF chunks are padded to an even length: an odd-sized chunk before the data is skipped
// with its pad octet.
TEST(WavReader, SkipsOtherChunksWithTheirPadding) {
    WavBuilder b;
    b.before_data = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
    b.data = pcm16({42});
    auto audio = parse_wav(b.build(), "l.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{42}));
}

// A recording whose header was never fixed (size 0xffffffff, or longer than the file) is
// read as far as the file goes.
TEST(WavReader, DataChunkLongerThanTheFileReadsWhatIsThere) {
    WavBuilder b;
    b.data = pcm16({1, 2, 3});
    b.data.push_back(9);  // half a sample at the end
    b.data_size = 0xffffffff;
    auto audio = parse_wav(b.build(), "t.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{1, 2, 3}));
}

TEST(WavReader, EveryTruncationIsAnErrorOrAShorterFile) {
    WavBuilder b;
    b.channels = 2;
    b.before_data = {'f', 'a', 'c', 't', 4, 0, 0, 0, 1, 0, 0, 0};
    b.data = pcm16({1, 2, 3, 4, 5, 6});
    const Bytes full = b.build();
    for (std::size_t n = 0; n <= full.size(); ++n) {
        auto audio = parse_wav(std::span(full).first(n), "cut.wav", 8000);
        if (audio) {
            EXPECT_LE(audio->samples.size(), 3u);
        } else {
            EXPECT_EQ(audio.error().rfind("cut.wav: ", 0), 0u) << audio.error();
        }
    }
}

TEST(WavReader, MissingFileNamesThePath) {
    test::TempDir dir;
    auto r = read_wav_file(dir / "absent.wav", 8000);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), (dir / "absent.wav").string() + ": No such file or directory");
}

TEST(WavReader, ResamplesToTheRateAskedFor) {
    std::vector<std::int16_t> tone(16000);  // 1 s at 16 kHz
    ToneGenerator::sine(1000, -10, 16000).generate(tone);
    auto audio = parse_wav(encode_wav(tone, 16000), "w.wav", 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->sample_rate, 8000u);
    EXPECT_EQ(audio->source.sample_rate, 16000u);
    ASSERT_EQ(audio->samples.size(), 8000u);
    EXPECT_NEAR(test::zero_crossing_frequency(audio->samples, 8000), 1000, 1);
}

TEST(WavWriter, StreamingWriterFixesTheHeaderOnClose) {
    test::TempDir dir;
    const auto path = dir / "rec.wav";
    auto writer = WavWriter::create(path, 8000);
    ASSERT_TRUE(writer) << writer.error();
    ToneGenerator tone = ToneGenerator::sine(440, -10);
    std::vector<std::int16_t> all;
    for (int i = 0; i < 50; ++i) {
        const auto frame = tone.next_frame();
        ASSERT_TRUE(writer->write(frame));
        all.insert(all.end(), frame.begin(), frame.end());
    }
    EXPECT_EQ(writer->samples_written(), 8000u);
    ASSERT_TRUE(writer->close());
    EXPECT_FALSE(writer->write(all));  // closed
    const Bytes bytes = read_file(path);
    ASSERT_EQ(bytes.size(), 44u + 16000u);
    EXPECT_EQ(load_le32(bytes.data() + 4), 36u + 16000u);
    EXPECT_EQ(load_le32(bytes.data() + 40), 16000u);
    auto audio = read_wav_file(path, 8000);
    ASSERT_TRUE(audio) << audio.error();
    EXPECT_EQ(audio->samples, all);
}

// A recording is valid up to the last flush while the writer is still open (the call goes
// on), and the destructor finishes it when the call ends without an explicit close.
TEST(WavWriter, ValidAfterFlushAndAfterDestruction) {
    test::TempDir dir;
    const auto path = dir / "rec.wav";
    {
        auto writer = WavWriter::create(path, 8000);
        ASSERT_TRUE(writer);
        const std::vector<std::int16_t> a(800, 100);
        ASSERT_TRUE(writer->write(a));
        ASSERT_TRUE(writer->flush());
        auto mid = read_wav_file(path, 8000);
        ASSERT_TRUE(mid) << mid.error();
        EXPECT_EQ(mid->samples.size(), 800u);
        ASSERT_TRUE(writer->write(a));
    }
    const Bytes bytes = read_file(path);
    EXPECT_EQ(load_le32(bytes.data() + 40), 3200u);
    auto done = read_wav_file(path, 8000);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->samples.size(), 1600u);
}

TEST(WavWriter, CreateInAMissingDirectoryFailsWithThePath) {
    test::TempDir dir;
    auto writer = WavWriter::create(dir / "no" / "such" / "rec.wav", 8000);
    ASSERT_FALSE(writer);
    EXPECT_NE(writer.error().find("rec.wav: "), std::string::npos) << writer.error();
}

}  // namespace
}  // namespace dialtone::media
