#pragma once
// The client side of the admin interface, for `dialtone ctl`: one GET, bounded in time.

#include <chrono>
#include <string>
#include <string_view>

#include "ops/admin_endpoint.hpp"

namespace dialtone::ops {

struct AdminFetch {
    bool ok = false;      // a response arrived (of any status)
    unsigned status = 0;  // its HTTP status
    std::string body;
    std::string error;  // why no response arrived, when !ok
};

AdminFetch admin_get(const AdminEndpoint& endpoint, std::string_view target,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace dialtone::ops
