#include "ua/audio_source.hpp"

#include <algorithm>

#include "media/wav_reader.hpp"

namespace dialtone::ua {

AudioSource AudioSource::silence() {
    return AudioSource(Kind::Silence, media::ToneGenerator({}), {});
}

AudioSource AudioSource::tone(double frequency, double level_dbm0) {
    return AudioSource(Kind::Tone, media::ToneGenerator::sine(frequency, level_dbm0), {});
}

AudioSource AudioSource::samples(std::vector<std::int16_t> pcm, bool loop) {
    return AudioSource(Kind::Samples, media::ToneGenerator({}), Pcm{std::move(pcm), loop, 0});
}

media::Result<AudioSource, std::string> AudioSource::wav_file(const std::filesystem::path& path,
                                                              bool loop) {
    auto audio = media::read_wav_file(path, media::kNarrowbandRate);
    if (!audio) return media::Result<AudioSource, std::string>::failure(audio.error());
    return samples(std::move(audio->samples), loop);
}

media::AudioFrame AudioSource::next_frame() {
    media::AudioFrame frame{};
    if (kind_ == Kind::Tone) {
        tone_.generate(frame);
    } else if (kind_ == Kind::Samples) {
        Pcm* pcm = &pcm_;
        std::size_t filled = 0;
        while (filled < frame.size() && !pcm->samples.empty()) {
            if (pcm->at == pcm->samples.size()) {
                if (!pcm->loop) break;
                pcm->at = 0;
            }
            const std::size_t n = std::min(frame.size() - filled, pcm->samples.size() - pcm->at);
            std::copy_n(pcm->samples.begin() + static_cast<std::ptrdiff_t>(pcm->at), n,
                        frame.begin() + static_cast<std::ptrdiff_t>(filled));
            pcm->at += n;
            filled += n;
        }
    }
    return frame;
}

bool AudioSource::finished() const {
    return kind_ == Kind::Samples && !pcm_.loop && pcm_.at == pcm_.samples.size();
}

}  // namespace dialtone::ua
