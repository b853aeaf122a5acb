#include "runtime/advertised_addresses.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <string>

namespace dialtone::runtime {

namespace {

using server::proxy::Interface;
using transport::Transport;

// Addresses of the interfaces that are up, of one family.
std::vector<std::string> host_addresses(bool v6) {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
        if (i->ifa_addr == nullptr || (i->ifa_flags & IFF_UP) == 0) continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (!v6 && i->ifa_addr->sa_family == AF_INET) {
            const auto* a = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
            if (inet_ntop(AF_INET, &a->sin_addr, text, sizeof text)) out.emplace_back(text);
        } else if (v6 && i->ifa_addr->sa_family == AF_INET6) {
            const auto* a = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
            // Link-local addresses need a zone to be used; nobody routes to us by them.
            if (IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr)) continue;
            if (inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text)) out.emplace_back(text);
        }
    }
    freeifaddrs(list);
    return out;
}

void add(std::vector<Interface>& out, Transport t, const std::string& host, std::uint16_t port) {
    Interface i{t, host, port};
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(std::move(i));
}

}  // namespace

std::uint16_t AdvertisedAddresses::port_of(Transport t) const {
    switch (t) {
        case Transport::Udp:
            return udp_port;
        case Transport::Tcp:
            return tcp_port;
        case Transport::Tls:
            return tls_port;
        default:
            return 0;
    }
}

AdvertisedAddresses advertised_addresses(const std::vector<ListenSpec>& listen) {
    AdvertisedAddresses a;
    for (const ListenSpec& spec : listen) {
        std::vector<std::string> hosts;
        if (spec.address == "0.0.0.0") {
            hosts = host_addresses(false);
        } else if (spec.address == "::") {
            hosts = host_addresses(true);
            // A dual-stack socket also takes IPv4.
            for (std::string& h : host_addresses(false))
                hosts.push_back(std::move(h));
        } else {
            hosts.push_back(spec.address);
        }
        for (const std::string& h : hosts) {
            if (spec.udp) add(a.interfaces, Transport::Udp, h, spec.port);
            if (spec.tcp) add(a.interfaces, Transport::Tcp, h, spec.port);
            if (spec.tls) add(a.interfaces, Transport::Tls, h, spec.port);
        }
        if (spec.udp && a.udp_port == 0) a.udp_port = spec.port;
        if (spec.tcp && a.tcp_port == 0) a.tcp_port = spec.port;
        if (spec.tls && a.tls_port == 0) a.tls_port = spec.port;
    }
    return a;
}

}  // namespace dialtone::runtime
