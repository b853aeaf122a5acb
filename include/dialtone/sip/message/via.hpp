#pragma once
#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/host.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

// One via-parm (RFC 3261 §20.42): "SIP/2.0/UDP host:port;branch=...;received=...;rport".
struct Via {
    std::string_view protocol_name;     // "SIP"
    std::string_view protocol_version;  // "2.0"
    std::string_view transport;         // "UDP", "TCP", "TLS", "SCTP", "WS", or any token
    Host host;
    std::uint16_t port = 0;
    bool has_port = false;
    std::string_view params;  // raw list after the first ';'
    std::string_view branch;
    std::string_view received;
    std::string_view rport;  // value; empty with has_rport when written as bare ";rport"
    bool has_rport = false;
    std::string_view maddr;
    std::string_view ttl;

    // RFC 3261 §8.1.1.7: a branch starting with the magic cookie and carrying more than it.
    bool has_rfc3261_branch() const {
        return branch.size() > 7 && branch.substr(0, 7) == "z9hG4bK";
    }
};

// Parses one via-parm (not a comma list).
Result<Via> parse_via(std::string_view value);

}  // namespace dialtone::message
