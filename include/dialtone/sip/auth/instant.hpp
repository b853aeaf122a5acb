#pragma once
// Time as the auth layer sees it. The layer never reads a clock (DESIGN.md §2.1): callers pass
// `now`. Unlike transaction::Instant (any epoch), this one is wall-clock time since the Unix
// epoch, because nonces carry their minting time and must stay valid across a restart, when
// a steady clock starts over.

#include <chrono>
#include <cstdint>

namespace dialtone::auth {

using Duration = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Duration>;

// The instant `ms` milliseconds after the Unix epoch.
constexpr Instant unix_ms(std::int64_t ms) {
    return Instant(Duration(ms));
}

}  // namespace dialtone::auth
