#pragma once
// The registrar's answers (RFC 3261 §10.3 step 8, RFC 3327 §5.3).

#include <cstdint>
#include <string_view>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "server/registrar_policy.hpp"
#include "store/binding.hpp"

namespace dialtone::server {

// 200 OK listing every binding with its remaining expiry (and q when not 1), a Date header,
// and the request's Path values copied back (RFC 3327 §5.3).
message::Message make_register_ok(const message::Message& request,
                                  const std::vector<store::Binding>& bindings, std::int64_t now,
                                  std::string_view to_tag);

// A refusal; 423 carries Min-Expires (§10.3 step 7).
message::Message make_register_refusal(const message::Message& request, int status,
                                       std::string_view reason, const RegistrarPolicy& policy,
                                       std::string_view to_tag);

}  // namespace dialtone::server
