#pragma once
#include <cstdint>
#include <string_view>

#include "server/transport.hpp"

namespace dialtone::server {

// Where a message came from, as the runtime saw it. `ip` is the textual address without
// brackets ("192.0.2.1", "2001:db8::1"); the runtime owns the text.
struct Peer {
    Transport transport = Transport::Udp;
    std::string_view ip;
    std::uint16_t port = 0;
};

}  // namespace dialtone::server
