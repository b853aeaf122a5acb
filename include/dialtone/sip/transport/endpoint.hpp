#pragma once
#include <cstdint>
#include <string>

#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::transport {

// One side of a hop: the transport and the numeric address it uses. `ip` is an IP literal
// without brackets ("192.0.2.1", "2001:db8::1"); names are resolved before an Endpoint is
// made (RFC 3263), so the transaction layer only ever sees numbers.
struct Endpoint {
    Transport transport = Transport::Udp;
    std::string ip;
    std::uint16_t port = 0;

    friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

}  // namespace dialtone::transport
