#pragma once
// RFC 2782 "Usage rules": the order in which a client tries the records of one SRV set.

#include <cstdint>
#include <functional>
#include <vector>

#include "dialtone/sip/transport/dns_answer.hpp"

namespace dialtone::transport {

// Returns a uniformly chosen integer in [0, max_inclusive]. Injected so the weighted choice
// is deterministic in tests; the runtime passes a seeded PRNG.
using RandomSource = std::function<std::uint32_t(std::uint32_t max_inclusive)>;

// Priority ascending; within one priority, repeatedly pick a record with probability
// proportional to its weight among those not yet picked (weight-0 records first in the
// running sum, so they are chosen only when the random number is 0 or all others are gone).
// Records whose target is "." are dropped (the service is not available there).
std::vector<SrvRecord> order_srv_records(std::vector<SrvRecord> records,
                                         const RandomSource& random);

}  // namespace dialtone::transport
