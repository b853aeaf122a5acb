#pragma once
// RFC 3261 §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger
// than 1300 bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914
// congestion controlled transport protocol, such as TCP." and §26.2.2: a sips target is
// reached over TLS only.
//
// Decision for a transport the URI names (`;transport=udp`): kept. RFC 3263 §4.1 says that
// transport "SHOULD be used", and the owner of such a URI is saying it listens on UDP only
// (a UDP-only phone behind NAT, a registrar Contact); a TCP connect there would fail where
// a fragmented datagram usually arrives. Only a request no datagram can carry (more than
// 65507 octets of UDP payload) cannot go, and the decision says so.
// The switch applies to requests only; responses go back the way the request came
// (§18.2.2). Moving to TCP keeps the target's IP and port, and the caller must rewrite the
// top Via's transport (§18.1.1: "the value in the top Via MUST be changed").

#include <cstddef>
#include <optional>

#include "dialtone/sip/transport/resolved_target.hpp"
#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::transport {

struct UdpSizeRule {
    // Without a known path MTU, requests larger than this go over TCP.
    std::size_t unknown_mtu_limit = 1300;
    // With a known path MTU, requests within `mtu_margin` octets of it go over TCP.
    std::optional<std::size_t> path_mtu;
    std::size_t mtu_margin = 200;
};

// The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header).
inline constexpr std::size_t kMaxUdpPayload = 65507;

struct TransportDecision {
    Transport transport = Transport::Udp;
    bool switched = false;  // UDP became TCP: rewrite the top Via (§18.1.1)
    // The request must go over UDP (pinned) but is larger than any datagram: the caller
    // treats it as a transport error.
    bool too_large = false;
};

// True when §18.1.1 asks for a congestion-controlled transport for a request of this size.
bool needs_congestion_control(std::size_t request_size, const UdpSizeRule& rule);

// The transport a request of `request_size` octets goes out on, given the transport planned
// for it and whether the URI pinned that transport.
TransportDecision request_transport(Transport planned, bool transport_pinned,
                                    std::size_t request_size, const UdpSizeRule& rule = {});

// The same for a resolved target.
inline TransportDecision request_transport(const ResolvedTarget& target, std::size_t request_size,
                                           const UdpSizeRule& rule = {}) {
    return request_transport(target.endpoint.transport, target.transport_pinned, request_size,
                             rule);
}

// §26.2.2 / RFC 3263 §4.1: a sips: target may only be reached over a secure transport.
constexpr bool transport_allowed(bool sips, Transport t) {
    return !sips || is_secure(t);
}

}  // namespace dialtone::transport
