#pragma once
// Time as the transaction layer sees it (DESIGN.md §2.1): it never reads a clock. Every event
// carries the instant it happened at, and every timer comes back as a duration and the
// instant it is due, on this clock. The runtime maps its steady clock onto it; tests drive
// it by hand.

#include <chrono>
#include <cstdint>

namespace dialtone::transaction {

// A clock that is never read: it only gives Instant and Duration their types, so an instant
// cannot be mixed up with a duration. Its epoch is whatever the caller chooses.
struct EventClock {
    using rep = std::int64_t;
    using period = std::milli;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<EventClock>;
    static constexpr bool is_steady = true;
};

using Duration = EventClock::duration;
using Instant = EventClock::time_point;

// Instant `ms` milliseconds after the epoch; handy in tests and when mapping a steady clock.
constexpr Instant at_ms(std::int64_t ms) {
    return Instant(Duration(ms));
}

}  // namespace dialtone::transaction
