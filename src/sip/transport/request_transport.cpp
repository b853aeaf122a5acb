#include "dialtone/sip/transport/request_transport.hpp"

namespace dialtone::transport {

bool needs_congestion_control(std::size_t request_size, const UdpSizeRule& rule) {
    if (rule.path_mtu) return request_size + rule.mtu_margin > *rule.path_mtu;
    return request_size > rule.unknown_mtu_limit;
}

TransportDecision request_transport(Transport planned, bool transport_pinned,
                                    std::size_t request_size, const UdpSizeRule& rule) {
    TransportDecision d;
    d.transport = planned;
    if (planned != Transport::Udp) return d;
    if (transport_pinned) {
        d.too_large = request_size > kMaxUdpPayload;
        return d;
    }
    if (needs_congestion_control(request_size, rule)) {
        d.transport = Transport::Tcp;
        d.switched = true;
    }
    return d;
}

}  // namespace dialtone::transport
