#pragma once
// The admin API's routes, independent of HTTP plumbing so they are tested directly:
//   GET /registrations             every current binding (registration_report.hpp)
//   GET /registrations?aor=A       the bindings of one address-of-record (sip:user@domain,
//                                  or user@domain)
// Anything else is 404, another method on a known path 405; errors carry {"error": "..."}.

#include <cstdint>
#include <string_view>

#include "ops/admin_server.hpp"
#include "store/location_index.hpp"

namespace dialtone::ops {

AdminReply admin_route(std::string_view method, std::string_view target,
                       const store::LocationIndex& index, std::int64_t now);

}  // namespace dialtone::ops
