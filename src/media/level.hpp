#pragma once
// Signal levels in dBm0 for 16-bit linear PCM. G.711 puts its maximum sine (full scale) at
// +3.14 dBm0 (A-law; µ-law's +3.17 differs by 0.03 dB), so a sine at L dBm0 has a peak
// amplitude of 32767 * 10^((L - 3.14) / 20): about 22,826 at 0 dBm0.

#include <cmath>

namespace dialtone::media {

inline constexpr double kFullScaleSineDbm0 = 3.14;
inline constexpr double kFullScalePeak = 32767.0;

// Peak amplitude of a sine at `dbm0`.
inline double sine_peak_for_dbm0(double dbm0) {
    return kFullScalePeak * std::pow(10.0, (dbm0 - kFullScaleSineDbm0) / 20.0);
}

// The level of a signal with RMS value `rms` (the same power as a sine of that RMS).
inline double dbm0_for_rms(double rms) {
    return 20.0 * std::log10(rms * std::sqrt(2.0) / kFullScalePeak) + kFullScaleSineDbm0;
}

}  // namespace dialtone::media
