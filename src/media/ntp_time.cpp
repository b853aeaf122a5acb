#include "media/ntp_time.hpp"

namespace dialtone::media {

namespace {

// Microseconds as NTP fixed point, modulo 2^64 (a negative span wraps, which adding it
// undoes). Unsigned, so a wall clock past 2038 (2^31 s after 1970) or the NTP era
// rollover of 2036 wraps as NTP does rather than overflowing.
std::uint64_t ntp_units(std::int64_t us) {
    const std::int64_t seconds = us / 1'000'000;
    const std::int64_t rest = us % 1'000'000;  // same sign as us, |rest| < 10^6
    const std::int64_t fraction = rest * (std::int64_t{1} << 32) / 1'000'000;
    return (static_cast<std::uint64_t>(seconds) << 32) + static_cast<std::uint64_t>(fraction);
}

}  // namespace

NtpTime ntp_from_unix(Duration since_unix_epoch) {
    return ntp_add(NtpTime{kNtpUnixOffsetSeconds << 32}, since_unix_epoch);
}

NtpTime ntp_add(NtpTime t, Duration d) {
    return NtpTime{t.value + ntp_units(d.count())};
}

std::uint32_t compact_from_duration(Duration d) {
    if (d.count() <= 0) return 0;
    const std::uint64_t units = ntp_units(d.count()) >> 16;
    return units > 0xffffffffULL ? 0xffffffffu : static_cast<std::uint32_t>(units);
}

Duration duration_from_compact(std::uint32_t compact) {
    return Duration(static_cast<std::int64_t>(compact) * 1'000'000 / 65536);
}

std::optional<Duration> round_trip_time(std::uint32_t arrival, std::uint32_t last_sr,
                                        std::uint32_t delay_since_last_sr) {
    if (last_sr == 0) return std::nullopt;
    // Modular arithmetic: the compact clock wraps every 18 hours.
    const std::uint32_t rtt = arrival - last_sr - delay_since_last_sr;
    if (static_cast<std::int32_t>(rtt) < 0) return std::nullopt;
    return duration_from_compact(rtt);
}

}  // namespace dialtone::media
