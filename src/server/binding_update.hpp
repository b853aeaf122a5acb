#pragma once
// RFC 3261 §10.3 steps 6 and 7: what a REGISTER does to an AoR's bindings.

#include <cstdint>
#include <string>
#include <vector>

#include "server/register_request.hpp"
#include "server/registrar_policy.hpp"
#include "store/binding.hpp"

namespace dialtone::server {

struct BindingUpdate {
    int status = 200;  // 200, or the refusal: 400, 403, 423
    std::string reason;
    bool changed = false;  // whether `bindings` differs from what it was
};

// Applies `request` to `bindings` (the AoR's current set) at `now` (Unix seconds). On any
// refusal the set is left exactly as it was: a REGISTER changes all of its contacts or none.
// `source` is where the request came from ("udp:192.0.2.1:5060"), kept for each binding.
// Bindings already expired at `now` are dropped first.
BindingUpdate apply_register(const RegisterRequest& request, std::vector<store::Binding>& bindings,
                             std::int64_t now, const RegistrarPolicy& policy,
                             const std::string& source);

}  // namespace dialtone::server
