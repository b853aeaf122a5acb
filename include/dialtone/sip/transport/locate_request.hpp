#pragma once
// What RFC 3263 §4 needs from a SIP or SIPS URI: the TARGET (maddr if present, else host),
// the port and transport if the URI names them, and whether it is a sips: URI.

#include <cstdint>
#include <optional>
#include <string>

#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/transport/dns_query.hpp"
#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::transport {

struct LocateRequest {
    // A domain name (normalized, see normalize_dns_name) or an IP literal without brackets.
    std::string target;
    bool numeric = false;                // target is an IPv4 or IPv6 literal
    std::optional<std::uint16_t> port;   // written in the URI
    std::optional<Transport> transport;  // from the `transport` parameter
    bool secure = false;                 // sips: (RFC 3261 §26.2.2: TLS on every hop)

    friend bool operator==(const LocateRequest&, const LocateRequest&) = default;
};

// Reads a Request-URI, Route or proxy target. Fails (status 416) for schemes other than
// sip/sips, and (status 400) for a transport this locator does not reach: sips with
// transport=udp, an unknown token, or ws/wss, whose peers are reached over the connection
// they opened (RFC 7118 §5) rather than found in DNS. A sips URI with transport=tcp means
// TLS over TCP (RFC 3263 §4.1), so `transport` is Tls there.
message::Result<LocateRequest> locate_request_from_uri(const message::Uri& uri);

// The port a transport uses when neither the URI nor SRV gives one: 5061 for TLS, 5060
// otherwise (RFC 3261 §19.1.2, RFC 3263 §4.2).
constexpr std::uint16_t default_port(Transport t) {
    return is_secure(t) ? 5061 : 5060;
}

}  // namespace dialtone::transport
