#include "dialtone/sip/transport/locate_request.hpp"

#include "dialtone/sip/message/host.hpp"

namespace dialtone::transport {

namespace {

message::ParseError locate_error(std::uint16_t status, std::string_view what) {
    message::ParseError e;
    e.status = status;
    e.what = what;
    e.malformed = false;
    return e;
}

}  // namespace

message::Result<LocateRequest> locate_request_from_uri(const message::Uri& uri) {
    if (!uri.is_sip()) return locate_error(416, "URI scheme is not sip or sips");
    LocateRequest out;
    out.secure = uri.scheme == message::UriScheme::Sips;

    // RFC 3263 §4: "TARGET [is] the value of the maddr parameter of the URI, if present,
    // otherwise, the host value of the hostport component of the URI".
    message::Host host = uri.host;
    if (uri.has_param("maddr")) {
        host.text = uri.param("maddr");
        host.kind = message::classify_host(host.text);
        if (host.kind == message::HostKind::None) {
            return locate_error(400, "maddr parameter is not a host name or IP address");
        }
    }
    if (host.kind == message::HostKind::None || host.empty()) {
        return locate_error(400, "URI has no valid host");
    }
    out.numeric = host.kind == message::HostKind::Ipv4 || host.kind == message::HostKind::Ipv6;
    out.target = out.numeric ? std::string(host.address()) : normalize_dns_name(host.text);

    if (uri.has_port) {
        if (uri.port == 0) return locate_error(400, "URI port 0 cannot be reached");
        out.port = uri.port;
    }

    if (uri.has_param("transport")) {
        const std::optional<Transport> t = transport_from_token(uri.param("transport"));
        if (!t) return locate_error(400, "URI transport parameter names an unsupported transport");
        if (*t == Transport::Ws || *t == Transport::Wss) {
            return locate_error(400,
                                "ws/wss targets are reached over their own connection, "
                                "not located in DNS (RFC 7118)");
        }
        if (out.secure && *t == Transport::Udp) {
            return locate_error(400,
                                "sips URI with transport=udp: sips needs TLS (RFC 3261 "
                                "§26.2.2)");
        }
        // §4.1: a sips URI with transport=tcp is TLS over TCP.
        out.transport = out.secure ? Transport::Tls : *t;
    }
    return out;
}

}  // namespace dialtone::transport
