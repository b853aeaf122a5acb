#pragma once
// What a call sends: silence, a tone, or a WAV file (played once, then silence, or looped),
// 20 ms at a time at 8 kHz.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "media/audio_stream.hpp"
#include "media/result.hpp"
#include "media/tone_generator.hpp"

namespace dialtone::ua {

class AudioSource {
  public:
    static AudioSource silence();
    static AudioSource tone(double frequency, double level_dbm0 = -10);
    // 8 kHz mono samples.
    static AudioSource samples(std::vector<std::int16_t> pcm, bool loop);
    // Any WAV the reader takes, converted to 8 kHz mono; errors name the file.
    static media::Result<AudioSource, std::string> wav_file(const std::filesystem::path& path,
                                                            bool loop);

    media::AudioFrame next_frame();
    // A file played once has reached its end (what follows is silence).
    bool finished() const;

  private:
    // Not a std::variant: GCC 12 at -O2 with the sanitizers warns (falsely) that moving
    // one reads uninitialized memory, and warnings are errors.
    enum class Kind : std::uint8_t { Silence, Tone, Samples };
    struct Pcm {
        std::vector<std::int16_t> samples;
        bool loop = false;
        std::size_t at = 0;
    };
    AudioSource(Kind kind, media::ToneGenerator tone, Pcm pcm)
        : kind_(kind), tone_(std::move(tone)), pcm_(std::move(pcm)) {}

    Kind kind_;
    media::ToneGenerator tone_;
    Pcm pcm_;
};

}  // namespace dialtone::ua
