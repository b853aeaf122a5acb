#pragma once
// Measuring recorded audio: its level, whether it is silence, and its dominant frequency.
// The interop tests use it to check "the far end heard the 1000 Hz tone" on a recording,
// and `dialtone wav-info` prints it.
//
// The frequency comes from an averaged power spectrum (Welch's method: Hann-windowed blocks
// of up to 4096 samples, half overlapping, each with its mean removed) whose highest bin is
// refined by fitting a parabola through the logarithms of it and its two neighbours. For a
// Hann window that lands within a few hundredths of a bin, i.e. well under 0.1% at 8 kHz
// for tones above 100 Hz, even with noise, DC offset or dropouts in the recording.

#include <cstdint>
#include <optional>
#include <span>

namespace dialtone::media {

struct ToneAnalysisOptions {
    double min_frequency = 50;  // Hz; below it (hum, DC drift) is not searched
    double max_frequency = 0;   // Hz; 0 searches up to the Nyquist frequency
    // A recording whose RMS level is below this counts as silence. G.711 idle codes decode
    // to 0 (µ-law) or +-8 (A-law, about -66 dBm0); line noise sits near -70 dBm0.
    double silence_dbm0 = -50;
};

struct ToneAnalysis {
    std::size_t samples = 0;
    std::uint32_t sample_rate = 0;
    double rms = 0;         // linear, 16-bit full scale
    double level_dbm0 = 0;  // the RMS as a level (see level.hpp); -200 for digital silence
    std::int32_t peak = 0;  // largest absolute sample
    bool silence = true;    // level below options.silence_dbm0
    // The strongest frequency; nothing for silence or fewer than 256 samples.
    std::optional<double> dominant_frequency;
    // The share of the signal's power (DC removed) within three bins of that frequency:
    // about 1 for a pure tone, small for noise or a mixture.
    double tone_share = 0;
};

ToneAnalysis analyse_tone(std::span<const std::int16_t> samples, std::uint32_t sample_rate,
                          const ToneAnalysisOptions& options = {});

// True when `measured` is within `tolerance` (a fraction: 0.02 is 2%) of `expected`.
bool frequency_within(double measured, double expected, double tolerance);

}  // namespace dialtone::media
