#pragma once
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "runtime/listen_spec.hpp"
#include "runtime/tls_context.hpp"
#include "server/responder_config.hpp"

namespace dialtone::runtime {

struct ServerConfig {
    std::vector<ListenSpec> listen{ListenSpec{}};
    // The SQLite store arrives in a later issue; the path is only reported for now.
    std::string db_path = "./dialtone.db";
    // Worker threads, each with its own event loop (DESIGN.md §2.5). At least 1.
    std::size_t workers = 1;
    // A TCP/TLS connection that sends nothing for this long is closed.
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(300)};
    // Once the first octet of a message has arrived on a stream, the rest must follow
    // within this time, or the message is dropped and the connection closed.
    std::chrono::milliseconds message_timeout{std::chrono::seconds(10)};
    // Concurrent inbound TCP/TLS connections one remote IP address may hold (0: no cap).
    std::size_t max_connections_per_ip = 64;
    // Largest message accepted on any transport; larger ones get 513 (RFC 3261 §18.1.1).
    std::size_t max_message_size = 65535;
    // On SIGTERM / SIGINT / stop(): how long running work may take to finish before the
    // server closes everything anyway.
    std::chrono::milliseconds shutdown_grace{std::chrono::seconds(32)};
    // Certificates for TLS listeners and for TLS connections the server opens.
    TlsConfig tls;
    // Stop on SIGINT / SIGTERM. Tests that run a server in-process turn this off.
    bool handle_signals = true;
    server::ResponderConfig responder;
};

}  // namespace dialtone::runtime
