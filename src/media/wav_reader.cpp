#include "media/wav_reader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "media/byte_order.hpp"
#include "media/g711.hpp"
#include "media/resampler.hpp"

namespace dialtone::media {

namespace {

using WavResult = Result<WavAudio, std::string>;

WavResult fail(std::string_view name, std::string_view what) {
    std::string message(name);
    message += ": ";
    message += what;
    return WavResult::failure(std::move(message));
}

bool tag_is(const std::uint8_t* p, const char (&tag)[5]) {
    return std::memcmp(p, tag, 4) == 0;
}

struct Chunks {
    std::span<const std::uint8_t> fmt;
    std::span<const std::uint8_t> data;
    bool has_fmt = false;
    bool has_data = false;
};

// Walks the chunks after "RIFF....WAVE". Chunk bodies are padded to even length (RIFF).
Chunks find_chunks(std::span<const std::uint8_t> bytes) {
    Chunks c;
    std::size_t at = 12;
    while (at + 8 <= bytes.size()) {
        const std::uint8_t* p = bytes.data() + at;
        const std::size_t declared = load_le32(p + 4);
        const std::size_t available = bytes.size() - at - 8;
        const std::size_t size = declared < available ? declared : available;
        const auto body = bytes.subspan(at + 8, size);
        if (tag_is(p, "fmt ") && !c.has_fmt) {
            c.fmt = body;
            c.has_fmt = true;
        } else if (tag_is(p, "data") && !c.has_data) {
            c.data = body;
            c.has_data = true;
        }
        if (declared >= available) break;
        at += 8 + declared + (declared & 1);
    }
    return c;
}

std::string unsupported_format(std::uint16_t tag) {
    if (tag == kWavIeeeFloat) return "IEEE float samples are not supported";
    char text[64];
    std::snprintf(text, sizeof text, "format tag 0x%04x is not supported", tag);
    return text;
}

// Decodes one sample of the given format at p.
std::int16_t sample_at(const WavSourceFormat& f, const std::uint8_t* p) {
    switch (f.format) {
        case kWavUlaw:
            return ulaw_decode(*p);
        case kWavAlaw:
            return alaw_decode(*p);
        default:
            if (f.bits_per_sample == 8) return static_cast<std::int16_t>((p[0] - 128) * 256);
            return static_cast<std::int16_t>(load_le16(p));
    }
}

}  // namespace

Result<WavAudio, std::string> parse_wav(std::span<const std::uint8_t> bytes, std::string_view name,
                                        std::uint32_t output_rate) {
    if (bytes.size() < 12 || !tag_is(bytes.data(), "RIFF") || !tag_is(bytes.data() + 8, "WAVE")) {
        return fail(name, "not a RIFF/WAVE file");
    }
    const Chunks chunks = find_chunks(bytes);
    if (!chunks.has_fmt) return fail(name, "no fmt chunk");
    if (chunks.fmt.size() < 16) return fail(name, "fmt chunk is too short");

    WavAudio audio;
    WavSourceFormat& f = audio.source;
    const std::uint8_t* fmt = chunks.fmt.data();
    f.format = load_le16(fmt);
    f.channels = load_le16(fmt + 2);
    f.sample_rate = load_le32(fmt + 4);
    const std::uint16_t block_align = load_le16(fmt + 12);
    f.bits_per_sample = load_le16(fmt + 14);
    if (f.format == kWavExtensible) {
        // cbSize, valid bits, channel mask, then the sub-format GUID whose first two octets
        // are the format tag.
        if (chunks.fmt.size() < 40) return fail(name, "extensible fmt chunk is too short");
        f.format = load_le16(fmt + 24);
    }

    if (f.format != kWavPcm && f.format != kWavUlaw && f.format != kWavAlaw) {
        return fail(name, unsupported_format(f.format));
    }
    if (f.format == kWavPcm && f.bits_per_sample != 8 && f.bits_per_sample != 16) {
        return fail(name, std::to_string(f.bits_per_sample) + "-bit PCM is not supported");
    }
    if (f.format != kWavPcm && f.bits_per_sample != 8) {
        return fail(name, std::to_string(f.bits_per_sample) + "-bit G.711 is not supported");
    }
    if (f.channels != 1 && f.channels != 2) {
        return fail(
            name, std::to_string(f.channels) + " channels are not supported (mono or stereo only)");
    }
    if (f.sample_rate == 0) return fail(name, "sample rate is 0");
    const std::size_t bytes_per_sample = f.bits_per_sample / 8u;
    const std::size_t frame_size = bytes_per_sample * f.channels;
    if (block_align != frame_size) return fail(name, "block align does not match the format");
    if (!chunks.has_data) return fail(name, "no data chunk");

    f.frames = chunks.data.size() / frame_size;
    std::vector<std::int16_t> mono;
    mono.reserve(f.frames);
    for (std::size_t i = 0; i < f.frames; ++i) {
        const std::uint8_t* p = chunks.data.data() + i * frame_size;
        if (f.channels == 1) {
            mono.push_back(sample_at(f, p));
        } else {
            // Average (not sum) so a full-scale stereo signal cannot clip.
            const int sum = sample_at(f, p) + sample_at(f, p + bytes_per_sample);
            mono.push_back(static_cast<std::int16_t>(sum >= 0 ? sum / 2 : -((-sum) / 2)));
        }
    }

    if (output_rate == 0 || output_rate == f.sample_rate) {
        audio.sample_rate = f.sample_rate;
        audio.samples = std::move(mono);
    } else {
        audio.sample_rate = output_rate;
        audio.samples = resample(mono, f.sample_rate, output_rate);
    }
    return audio;
}

Result<WavAudio, std::string> read_wav_file(const std::filesystem::path& path,
                                            std::uint32_t output_rate) {
    const std::string name = path.string();
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(name.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) return fail(name, std::strerror(errno));
    std::vector<std::uint8_t> bytes;
    std::uint8_t buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
        bytes.insert(bytes.end(), buffer, buffer + n);
    }
    if (std::ferror(file.get())) return fail(name, "read error");
    return parse_wav(bytes, name, output_rate);
}

}  // namespace dialtone::media
