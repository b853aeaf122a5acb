#pragma once
// The addresses this server can be named by in a Via sent-by or a Record-Route URI: every
// listening transport at every local address it is bound to (for a wildcard bind, each
// address of the host's interfaces that are up). The proxy recognises its own Via and
// Route entries by them (RFC 3261 §16.3 step 4, §16.4).

#include <cstdint>
#include <vector>

#include "dialtone/sip/transport/transport.hpp"
#include "runtime/listen_spec.hpp"
#include "server/proxy/proxy_config.hpp"

namespace dialtone::runtime {

struct AdvertisedAddresses {
    std::vector<server::proxy::Interface> interfaces;
    // The listening port of each transport (the first listener of it), for the Via and
    // Record-Route of messages sent over it; 0 when none listens.
    std::uint16_t udp_port = 0;
    std::uint16_t tcp_port = 0;
    std::uint16_t tls_port = 0;

    std::uint16_t port_of(transport::Transport t) const;
};

AdvertisedAddresses advertised_addresses(const std::vector<ListenSpec>& listen);

}  // namespace dialtone::runtime
