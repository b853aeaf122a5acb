#pragma once
// Writing 16-bit PCM mono WAV files (call recordings, 8 kHz by default). The writer
// streams: samples go to the file as they come, and the RIFF and data sizes in the header
// are rewritten by flush() and close() (and the destructor), so a recording is a valid
// file whenever the call ends, and up to the last flush() even if the process dies.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/result.hpp"

namespace dialtone::media {

// A canonical 44-octet header for `data_bytes` octets of 16-bit PCM.
std::vector<std::uint8_t> wav_header(std::uint32_t data_bytes, std::uint32_t sample_rate,
                                     std::uint16_t channels);

// A whole in-memory WAV file holding `samples` (16-bit PCM mono).
std::vector<std::uint8_t> encode_wav(std::span<const std::int16_t> samples,
                                     std::uint32_t sample_rate);

class WavWriter {
  public:
    // Creates (or truncates) the file and writes a header for no samples yet.
    static Result<WavWriter, std::string> create(const std::filesystem::path& path,
                                                 std::uint32_t sample_rate);

    WavWriter(WavWriter&&) noexcept = default;
    WavWriter& operator=(WavWriter&&) noexcept;
    ~WavWriter();

    Result<Done, std::string> write(std::span<const std::int16_t> samples);
    // Rewrites the header sizes to cover what was written, and flushes to the OS.
    Result<Done, std::string> flush();
    // flush() then closes; further writes fail. Safe to call twice.
    Result<Done, std::string> close();

    std::uint64_t samples_written() const { return data_bytes_ / 2; }
    const std::string& path() const { return path_; }

  private:
    using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
    WavWriter(File file, std::string path, std::uint32_t sample_rate);
    Result<Done, std::string> fail(std::string_view what) const;

    File file_;
    std::string path_;
    std::uint32_t sample_rate_;
    std::uint64_t data_bytes_ = 0;
    std::vector<std::uint8_t> scratch_;
};

}  // namespace dialtone::media
