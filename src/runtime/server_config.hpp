#pragma once
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "runtime/listen_spec.hpp"
#include "server/responder_config.hpp"

namespace dialtone::runtime {

struct ServerConfig {
    std::vector<ListenSpec> listen{ListenSpec{}};
    // The SQLite store arrives in a later issue; the path is only reported for now.
    std::string db_path = "./dialtone.db";
    // A TCP connection that sends nothing for this long is closed.
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(300)};
    // Largest message accepted on any transport; larger ones get 513 (RFC 3261 §18.1.1).
    std::size_t max_message_size = 65535;
    // Stop on SIGINT / SIGTERM. Tests that run a server in-process turn this off.
    bool handle_signals = true;
    server::ResponderConfig responder;
};

}  // namespace dialtone::runtime
