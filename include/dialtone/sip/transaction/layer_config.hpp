#pragma once
#include <cstdint>

#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transaction/timer_config.hpp"

namespace dialtone::transaction {

// When an INVITE server transaction sends 100 (Trying) by itself (RFC 3261 §17.2.1: it MUST,
// "unless it knows that the TU will generate a provisional or final response within 200 ms").
enum class TryingPolicy : std::uint8_t {
    // Default. Send 100 only if the TU has sent no response `trying_delay` after the INVITE
    // arrived. A UAS that rings at once, or a proxy that challenges with 407 or answers from
    // a cache, then sends one datagram instead of two; a proxy waiting on the next hop still
    // quenches the caller's retransmissions (Timer A first fires at T1 = 500 ms, well after
    // 200 ms). Costs one timer per INVITE, which is cheaper than a datagram.
    AfterDelay,
    // Send 100 as soon as the INVITE arrives (a proxy that always forwards may prefer it).
    Immediate,
    // Never: the TU promises a provisional or final response within 200 ms.
    Never,
};

struct LayerConfig {
    TimerConfig timers;
    TryingPolicy trying = TryingPolicy::AfterDelay;
    Duration trying_delay{200};
    // Seeds the matching hash and new_branch(). The runtime passes a random value so that
    // neither hash collisions nor branches can be predicted from outside; tests pass a fixed one.
    std::uint64_t seed = 0x6a09e667f3bcc908ULL;
};

}  // namespace dialtone::transaction
