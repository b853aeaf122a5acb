#pragma once
// The admin HTTP/1.1 interface (DESIGN.md §1 ops): a Boost.Beast server on its own thread and
// its own io_context, apart from the SIP workers, so a slow admin client never delays SIP
// traffic. It only carries requests to a handler and the handler's replies back; what the
// routes mean is in admin_routes.hpp.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ops/admin_endpoint.hpp"

namespace dialtone::ops {

struct AdminReply {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
};

// Called on the admin thread, one request at a time. An exception becomes a 500.
using AdminHandler = std::function<AdminReply(std::string_view method, std::string_view target)>;

class AdminServer {
  public:
    // Binds and starts serving. Throws std::runtime_error naming the address when it cannot
    // listen (port taken, address not local).
    AdminServer(const AdminEndpoint& endpoint, AdminHandler handler);
    // Stops accepting, drops open connections and joins the thread.
    ~AdminServer();
    AdminServer(const AdminServer&) = delete;
    AdminServer& operator=(const AdminServer&) = delete;

    // Where it listens; the port is the one chosen when the endpoint asked for port 0.
    const AdminEndpoint& local_endpoint() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dialtone::ops
