#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/transport/endpoint.hpp"
#include "runtime/connection_key.hpp"

namespace dialtone::runtime {

// Where a message came from, as the runtime saw it: what a response needs to find its way
// back (RFC 3261 §18.2.2).
struct Source {
    transport::Transport transport = transport::Transport::Udp;
    std::string ip;  // no brackets; an IPv4-mapped IPv6 address written as IPv4
    std::uint16_t port = 0;
    // The stream connection it arrived on; kNoConnection for a datagram.
    ConnectionId connection = kNoConnection;
    // Which configured UDP listen address received it, so the answer leaves from the same
    // address and port (§18.1.1); 0 for streams.
    std::uint16_t local = 0;

    transport::Endpoint endpoint() const { return {transport, ip, port}; }
};

// One whole message: a datagram, or one the stream framer cut (§18.3). `bytes` is valid
// only during the call that receives it.
struct Inbound {
    Source source;
    std::string_view bytes;
};

}  // namespace dialtone::runtime
