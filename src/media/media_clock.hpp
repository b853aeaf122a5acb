#pragma once
// Time as the media layer sees it (DESIGN.md §2.1): it never reads a clock. Packet arrivals,
// playout ticks and RTCP deadlines are instants on this clock, whose epoch the caller picks
// (the UA maps its steady clock onto it; tests drive it by hand). Microseconds, because one
// sample at 8 kHz is 125 us and interarrival jitter is measured in samples.

#include <chrono>
#include <cstdint>

namespace dialtone::media {

struct MediaClock {
    using rep = std::int64_t;
    using period = std::micro;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<MediaClock>;
    static constexpr bool is_steady = true;
};

using Duration = MediaClock::duration;
using Instant = MediaClock::time_point;

constexpr Instant at_us(std::int64_t us) {
    return Instant(Duration(us));
}
constexpr Instant at_ms(std::int64_t ms) {
    return Instant(Duration(ms * 1000));
}

// The instant in units of an RTP clock of `clock_rate` Hz since the epoch: what RFC 3550
// A.8 calls "the arrival time in timestamp units". Wraps like an RTP timestamp when cast
// to 32 bits.
constexpr std::int64_t to_rtp_units(Instant t, std::uint32_t clock_rate) {
    const std::int64_t us = t.time_since_epoch().count();
    // Split to keep us * rate from overflowing for instants far from the epoch.
    return (us / 1'000'000) * clock_rate + (us % 1'000'000) * clock_rate / 1'000'000;
}

// A span of RTP clock units as a duration.
constexpr Duration from_rtp_units(std::int64_t units, std::uint32_t clock_rate) {
    return Duration(units * 1'000'000 / clock_rate);
}

}  // namespace dialtone::media
