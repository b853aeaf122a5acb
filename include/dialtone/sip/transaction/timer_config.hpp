#pragma once
// The RFC 3261 timer values (§17.1.1.1, §17.1.2.2, Table 4 of Appendix A) and the two that
// RFC 6026 adds. T1, T2 and T4 are configurable (§17.1.1.1 allows a larger T1 where RTTs are
// known to be long); the lettered timers derive from them as the RFC defines.

#include "dialtone/sip/transaction/instant.hpp"

namespace dialtone::transaction {

struct TimerConfig {
    Duration t1{500};   // RTT estimate
    Duration t2{4000};  // longest retransmit interval of non-INVITE requests and INVITE responses
    Duration t4{5000};  // longest time a message stays in the network
    // Timer D on unreliable transports: "at least 32 seconds" (§17.1.1.2).
    Duration timer_d_unreliable{32000};

    // Timer B, F, H (RFC 3261) and L, M (RFC 6026): 64*T1 on every transport.
    Duration transaction_timeout() const { return 64 * t1; }
    // Timer J (§17.2.2): 64*T1 on unreliable transports.
    Duration timer_j_unreliable() const { return 64 * t1; }
};

}  // namespace dialtone::transaction
