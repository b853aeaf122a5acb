#include "dialtone/sip/transaction/response_destination.hpp"

#include <string>

namespace dialtone::transaction {

namespace {
constexpr std::uint16_t kDefaultSipPort = 5060;  // §18.2.2 / §19.1.2 for UDP
}

transport::Endpoint response_destination(const message::Via& top_via,
                                         const transport::Endpoint& source) {
    if (transport::is_reliable(source.transport)) return source;
    const std::uint16_t sent_by_port = top_via.has_port ? top_via.port : kDefaultSipPort;
    if (!top_via.maddr.empty()) {
        const message::HostKind kind = message::classify_host(top_via.maddr);
        if (kind == message::HostKind::Ipv4 || kind == message::HostKind::Ipv6) {
            message::Host host{top_via.maddr, kind};
            return {source.transport, std::string(host.address()), sent_by_port};
        }
    }
    if (top_via.has_rport) return source;  // RFC 3581 §4: source address and port
    return {source.transport, source.ip, sent_by_port};
}

}  // namespace dialtone::transaction
