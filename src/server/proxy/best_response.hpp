#pragma once
// Choosing the response a proxy sends upstream once every branch has a final response
// (RFC 3261 §16.7 steps 6-7), and the response of a redirect server (§8.3).

#include <optional>
#include <string_view>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "server/proxy/target_set.hpp"

namespace dialtone::server::proxy {

// The final response of one branch: received (our Via already stripped), or made up for a
// branch that timed out (408) or could not be sent (503) when `response` is empty.
struct BranchFinal {
    int status = 408;
    std::optional<message::Message> response;
};

// Index of the best final (§16.7 step 6): a 6xx; else the lowest class, where among 4xx the
// 401, 407, 415, 420 and 484 responses come first (they tell the caller how to retry);
// the earliest branch wins ties. `finals` must not be empty.
std::size_t choose_best(const std::vector<BranchFinal>& finals);

// The response to send upstream for `request`: the chosen one, with every challenge of
// every 401/407 branch gathered into it when it is one (§16.7 step 7, §22.3); a 500 in place
// of a 503 (§16.7 step 6: the 503 concerned the next hop, not us); 408 when `finals` is
// empty. Responses the proxy makes itself carry `to_tag`.
message::Message best_response(const std::vector<BranchFinal>& finals,
                               const message::Message& request, std::string_view to_tag);

// A redirect (§8.3, §21.3): 302 for one target, 300 for several, each target a Contact
// with its q-value.
message::Message redirect_response(const message::Message& request,
                                   const std::vector<Target>& targets, std::string_view to_tag);

}  // namespace dialtone::server::proxy
