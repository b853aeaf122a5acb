#pragma once
// The request one attempt of a client sends (RFC 3261 §8.1.1.7, §18.1.1): the TU's request
// with a Via of this element on top, whose transport and sent-by are those of the chosen
// target, a fresh branch (each attempt is a new client transaction, RFC 3263 §4.3), and
// `rport` (RFC 3581 §3) so a response finds its way back through NAT. A UDP request too
// large for a datagram moves to TCP when the URI did not pin UDP (§18.1.1).

#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "dialtone/sip/transport/request_transport.hpp"
#include "dialtone/sip/transport/resolved_target.hpp"

namespace dialtone::transport {

// The address and port this element sends from on a transport: the Via sent-by.
struct SentBy {
    std::string host;  // an IP literal without brackets, or a host name
    std::uint16_t port = 0;
};

struct AttemptRequest {
    message::Message request;
    Endpoint destination;
    // The request cannot go: UDP pinned by the URI and larger than any datagram.
    bool too_large = false;
};

// "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK...;rport" (IPv6 hosts in brackets).
std::string via_value(Transport transport, const SentBy& sent_by, std::string_view branch);

// `request` with the attempt's Via pushed on top. `sent_by_for` gives the sent-by of the
// transport the request finally uses (it may change from UDP to TCP).
template <class SentByFor>
AttemptRequest make_attempt(const message::Message& request, const ResolvedTarget& target,
                            std::string_view branch, SentByFor&& sent_by_for,
                            const UdpSizeRule& rule = {});

// Non-template core of make_attempt: `planned` is the request with a Via of `target`'s
// transport; returns the decision for its size.
TransportDecision attempt_transport(const message::Message& planned, const ResolvedTarget& target,
                                    const UdpSizeRule& rule);

template <class SentByFor>
AttemptRequest make_attempt(const message::Message& request, const ResolvedTarget& target,
                            std::string_view branch, SentByFor&& sent_by_for,
                            const UdpSizeRule& rule) {
    AttemptRequest out{request, target.endpoint, false};
    out.request.push_via(
        via_value(target.endpoint.transport, sent_by_for(target.endpoint), branch));
    const TransportDecision decision = attempt_transport(out.request, target, rule);
    if (decision.too_large) {
        out.too_large = true;
        return out;
    }
    if (decision.switched) {
        // §18.1.1: "the value in the top Via MUST be changed" along with the transport.
        out.destination.transport = decision.transport;
        out.request.pop_via();
        out.request.push_via(via_value(decision.transport, sent_by_for(out.destination), branch));
    }
    return out;
}

}  // namespace dialtone::transport
