#pragma once
// One place to send a request, with the DNS path that led to it (for logs, `dialtone
// resolve`, and the §18.1.1 rule, which needs to know whether the URI chose the transport).

#include <cstdint>
#include <optional>
#include <string>

#include "dialtone/sip/transport/dns_query.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::transport {

struct NaptrStep {
    std::uint16_t order = 0;
    std::uint16_t preference = 0;
    std::string service;  // "SIP+D2U"

    friend bool operator==(const NaptrStep&, const NaptrStep&) = default;
};

struct SrvStep {
    std::string name;  // "_sip._udp.example.test"
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;

    friend bool operator==(const SrvStep&, const SrvStep&) = default;
};

struct ResolvedTarget {
    Endpoint endpoint;
    // The name whose A/AAAA record gave endpoint.ip; empty when the URI held an IP literal.
    std::string host;
    DnsType address_record = DnsType::A;  // A or Aaaa; meaningless when host is empty
    std::optional<NaptrStep> naptr;
    std::optional<SrvStep> srv;
    // The URI's `transport` parameter chose endpoint.transport (RFC 3263 §4.1 "SHOULD be
    // used"); request_transport() then keeps it even for large requests.
    bool transport_pinned = false;

    friend bool operator==(const ResolvedTarget&, const ResolvedTarget&) = default;
};

// "naptr 10/20 SIP+D2U, srv _sip._udp.example.test 10/60, A a.example.test", or "numeric".
std::string describe_origin(const ResolvedTarget& target);

// "udp 127.0.0.2:5070", "tls [2001:db8::1]:5061".
std::string describe_endpoint(const Endpoint& endpoint);

}  // namespace dialtone::transport
