#pragma once
// Reading RIFF/WAVE files to play into a call: 8- and 16-bit PCM, µ-law (format 7) and
// A-law (format 6), plain or WAVE_FORMAT_EXTENSIBLE; mono, or stereo mixed down to mono;
// any sample rate, converted to the rate asked for (see resampler.hpp). Unsupported files
// get an error naming the file and the reason ("hold.wav: 24-bit PCM is not supported").
// A data chunk longer than the file (a recording cut off before its header was fixed) is
// read as far as it goes.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "media/result.hpp"

namespace dialtone::media {

enum WavFormatTag : std::uint16_t {
    kWavPcm = 1,
    kWavIeeeFloat = 3,
    kWavAlaw = 6,
    kWavUlaw = 7,
    kWavExtensible = 0xfffe,
};

// What the file's fmt chunk said.
struct WavSourceFormat {
    std::uint16_t format = kWavPcm;  // the effective tag (an extensible file's sub-format)
    std::uint16_t channels = 1;
    std::uint32_t sample_rate = 0;
    std::uint16_t bits_per_sample = 16;
    std::uint64_t frames = 0;  // sample frames in the data chunk (as far as the file goes)
};

struct WavAudio {
    WavSourceFormat source;
    std::uint32_t sample_rate = 0;      // of `samples`
    std::vector<std::int16_t> samples;  // mono
};

// Parses a WAV file's bytes; `name` prefixes error messages. `output_rate` 0 keeps the
// file's rate.
Result<WavAudio, std::string> parse_wav(std::span<const std::uint8_t> bytes, std::string_view name,
                                        std::uint32_t output_rate);

// Reads and parses a file (errors are prefixed with its path).
Result<WavAudio, std::string> read_wav_file(const std::filesystem::path& path,
                                            std::uint32_t output_rate);

}  // namespace dialtone::media
