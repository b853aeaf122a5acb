#pragma once
// NTP timestamps as RTCP carries them (RFC 3550 §4): 64-bit fixed point, seconds since
// 1900-01-01 in the upper half, fraction in the lower; and the "compact" middle 32 bits
// (16.16) that report blocks use for LSR and DLSR (§6.4.1).

#include <cstdint>
#include <optional>

#include "media/media_clock.hpp"

namespace dialtone::media {

struct NtpTime {
    std::uint64_t value = 0;

    std::uint32_t seconds() const { return static_cast<std::uint32_t>(value >> 32); }
    std::uint32_t fraction() const { return static_cast<std::uint32_t>(value); }
    // The middle 32 bits: 16 bits of seconds, 16 of fraction.
    std::uint32_t compact() const { return static_cast<std::uint32_t>(value >> 16); }

    friend bool operator==(NtpTime, NtpTime) = default;
};

// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
inline constexpr std::uint64_t kNtpUnixOffsetSeconds = 2'208'988'800ULL;

// The NTP time `since_unix_epoch` after 1970-01-01 00:00 UTC.
NtpTime ntp_from_unix(Duration since_unix_epoch);

// `t` moved by `d` (which may be negative); exact to the microsecond.
NtpTime ntp_add(NtpTime t, Duration d);

// A duration as 16.16 compact NTP units (DLSR), saturating at the field's range.
std::uint32_t compact_from_duration(Duration d);
Duration duration_from_compact(std::uint32_t compact);

// §6.4.1: the round-trip time from a report block that arrived at compact NTP time
// `arrival`, carrying LSR and DLSR: A - LSR - DLSR. Nothing when LSR is 0 (no SR received
// yet) or the result is negative (clocks or fields that do not fit together).
std::optional<Duration> round_trip_time(std::uint32_t arrival, std::uint32_t last_sr,
                                        std::uint32_t delay_since_last_sr);

}  // namespace dialtone::media
