#include "ua/audio_sink.hpp"

#include "media/g711.hpp"

namespace dialtone::ua {

namespace {

constexpr std::uint32_t kFlushEveryFrames = 50;  // 1 s of 20 ms frames

}  // namespace

AudioSink AudioSink::discard() {
    return AudioSink();
}

media::Result<AudioSink, std::string> AudioSink::wav_file(const std::filesystem::path& path) {
    auto writer = media::WavWriter::create(path, media::kNarrowbandRate);
    if (!writer) return media::Result<AudioSink, std::string>::failure(writer.error());
    AudioSink sink;
    sink.wav_.emplace(std::move(*writer));
    return sink;
}

AudioSink AudioSink::function(Function f) {
    AudioSink sink;
    sink.function_ = std::move(f);
    return sink;
}

void AudioSink::write(std::span<const std::int16_t> samples) {
    if (function_) function_(samples);
    if (!wav_ || error_) return;
    auto written = wav_->write(samples);
    if (written && ++frames_since_flush_ >= kFlushEveryFrames) {
        frames_since_flush_ = 0;
        written = wav_->flush();
    }
    if (!written) error_ = written.error();
}

void AudioSink::close() {
    if (!wav_) return;
    if (auto closed = wav_->close(); !closed && !error_) error_ = closed.error();
}

}  // namespace dialtone::ua
