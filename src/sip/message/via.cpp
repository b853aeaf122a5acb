#include "dialtone/sip/message/via.hpp"

#include "sip/message/char_class.hpp"
#include "sip/message/param_scan.hpp"

namespace dialtone::message {

namespace {

std::size_t skip_lws(std::string_view s, std::size_t i) {
    while (i < s.size() && chars::is_lws(s[i]))
        ++i;
    return i;
}

std::size_t scan_token(std::string_view s, std::size_t i) {
    while (i < s.size() && chars::is_token_char(s[i]))
        ++i;
    return i;
}

}  // namespace

Result<Via> parse_via(std::string_view v) {
    Via via;
    // sent-protocol: name SLASH version SLASH transport, where SLASH = SWS "/" SWS.
    std::string_view* parts[3] = {&via.protocol_name, &via.protocol_version, &via.transport};
    std::size_t i = skip_lws(v, 0);
    for (int p = 0; p < 3; ++p) {
        if (p > 0) {
            i = skip_lws(v, i);
            if (i >= v.size() || v[i] != '/')
                return ParseError{400, "Via: malformed sent-protocol"};
            i = skip_lws(v, i + 1);
        }
        const std::size_t start = i;
        i = scan_token(v, i);
        if (i == start) return ParseError{400, "Via: malformed sent-protocol"};
        *parts[p] = v.substr(start, i - start);
    }
    const std::size_t after_transport = i;
    i = skip_lws(v, i);
    if (i == after_transport || i >= v.size()) return ParseError{400, "Via: missing sent-by"};
    // sent-by = host [ COLON port ]
    i += scan_host(v.substr(i), via.host);
    if (via.host.kind == HostKind::None) return ParseError{400, "Via: sent-by host is not valid"};
    i = skip_lws(v, i);
    if (i < v.size() && v[i] == ':') {
        i = skip_lws(v, i + 1);
        const std::size_t ps = i;
        while (i < v.size() && chars::is_digit(v[i]))
            ++i;
        std::uint64_t port = 0;
        if (!chars::parse_decimal(v.substr(ps, i - ps), 65535, port))
            return ParseError{400, "Via: sent-by port is not a number from 0 to 65535"};
        via.port = static_cast<std::uint16_t>(port);
        via.has_port = true;
        i = skip_lws(v, i);
    }
    if (i == v.size()) return via;
    if (v[i] != ';') return ParseError{400, "Via: unexpected text after sent-by"};
    via.params = v.substr(i + 1);
    // One pass validates the list and pulls out the parameters every hop reads.
    const char* bad_value = nullptr;
    const bool ok =
        scan_params(via.params, [&](std::string_view name, std::string_view value, bool has_value) {
            std::uint64_t n = 0;
            switch (name.size()) {
                case 6:
                    if (chars::iequals(name, "branch")) via.branch = value;
                    break;
                case 8:
                    if (chars::iequals(name, "received")) via.received = value;
                    break;
                case 5:
                    if (chars::iequals(name, "rport")) {
                        via.rport = value;
                        via.has_rport = true;
                        if (has_value && !chars::parse_decimal(value, 65535, n)) {
                            bad_value = "Via: rport is not a port number";
                            return false;
                        }
                    } else if (chars::iequals(name, "maddr")) {
                        via.maddr = value;
                    }
                    break;
                case 3:
                    if (chars::iequals(name, "ttl")) {
                        via.ttl = value;
                        if (!chars::parse_decimal(value, 255, n)) {
                            bad_value = "Via: ttl is not a number from 0 to 255";
                            return false;
                        }
                    }
                    break;
                default:
                    break;
            }
            return true;
        });
    if (!ok) return ParseError{400, bad_value ? bad_value : "Via: malformed parameter"};
    return via;
}

}  // namespace dialtone::message
