#pragma once
#include <string_view>

#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::server {

// The transport a message arrived on: the shared vocabulary of the transport layer. It
// decides datagram versus stream framing (RFC 3261 §18.3) and where a response goes
// (§18.2.2).
using Transport = transport::Transport;

// Lower-case name for logs ("udp", "tcp", "tls").
constexpr std::string_view transport_name(Transport t) {
    return transport::uri_token(t);
}

}  // namespace dialtone::server
