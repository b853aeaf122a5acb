#pragma once
// Where a call's received audio goes, 20 ms at a time: nowhere, a WAV recording (flushed
// every second, so a recording cut short by a crash is still a valid file up to then), or
// a function (level meters, tests).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "media/result.hpp"
#include "media/wav_writer.hpp"

namespace dialtone::ua {

class AudioSink {
  public:
    using Function = std::function<void(std::span<const std::int16_t>)>;

    static AudioSink discard();
    static media::Result<AudioSink, std::string> wav_file(const std::filesystem::path& path);
    static AudioSink function(Function f);

    // After a write error the sink drops further audio; the error stays in error().
    void write(std::span<const std::int16_t> samples);
    // Finishes a recording (header sizes written, file closed). Safe to call twice.
    void close();
    const std::optional<std::string>& error() const { return error_; }

  private:
    AudioSink() = default;

    std::optional<media::WavWriter> wav_;
    Function function_;
    std::uint32_t frames_since_flush_ = 0;
    std::optional<std::string> error_;
};

}  // namespace dialtone::ua
