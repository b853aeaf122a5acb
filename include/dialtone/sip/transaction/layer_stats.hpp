#pragma once
#include <cstdint>

namespace dialtone::transaction {

// Counters a user would graph (DESIGN.md §2.9). Monotonic except `live`.
struct LayerStats {
    std::uint64_t live = 0;  // transactions that exist now
    std::uint64_t client_created = 0;
    std::uint64_t server_created = 0;
    std::uint64_t terminated = 0;
    std::uint64_t retransmissions = 0;  // Send actions with `retransmission` set
    std::uint64_t absorbed = 0;         // retransmitted requests/responses/ACKs swallowed
    std::uint64_t strays = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t transport_failures = 0;
    std::uint64_t stale_events = 0;  // timers or handles that named a finished transaction
};

}  // namespace dialtone::transaction
