#pragma once
#include <cstdint>
#include <string_view>

namespace dialtone::server {

// The transport a message arrived on. It decides datagram versus stream framing
// (RFC 3261 §18.3) and where a response goes (§18.2.2).
enum class Transport : std::uint8_t { Udp, Tcp };

inline std::string_view transport_name(Transport t) {
    return t == Transport::Udp ? "udp" : "tcp";
}

}  // namespace dialtone::server
