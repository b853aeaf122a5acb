#include "dialtone/sip/message/via.hpp"

#include "dialtone/sip/message/params.hpp"
#include "sip/message/char_class.hpp"

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
    const std::size_t host_start = i;
    if (v[i] == '[') {
        while (i < v.size() && v[i] != ']')
            ++i;
        if (i == v.size()) return ParseError{400, "Via: IPv6 reference lacks ']'"};
        ++i;
    } else {
        while (i < v.size() && !chars::is_lws(v[i]) && v[i] != ':' && v[i] != ';')
            ++i;
    }
    via.host.text = v.substr(host_start, i - host_start);
    via.host.kind = classify_host(via.host.text);
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
    if (!params_well_formed(via.params)) return ParseError{400, "Via: malformed parameter"};
    ParamCursor cur(via.params);
    Param p;
    while (cur.next(p)) {
        // The few parameters every hop reads are pulled out in this one pass.
        switch (p.name.size()) {
            case 6:
                if (chars::iequals(p.name, "branch")) via.branch = p.value;
                break;
            case 8:
                if (chars::iequals(p.name, "received")) via.received = p.value;
                break;
            case 5:
                if (chars::iequals(p.name, "rport")) {
                    via.rport = p.value;
                    via.has_rport = true;
                    std::uint64_t port = 0;
                    if (!p.value.empty() && !chars::parse_decimal(p.value, 65535, port))
                        return ParseError{400, "Via: rport is not a port number"};
                } else if (chars::iequals(p.name, "maddr")) {
                    via.maddr = p.value;
                }
                break;
            case 3:
                if (chars::iequals(p.name, "ttl")) {
                    via.ttl = p.value;
                    std::uint64_t ttl = 0;
                    if (!chars::parse_decimal(p.value, 255, ttl))
                        return ParseError{400, "Via: ttl is not a number from 0 to 255"};
                }
                break;
            default:
                break;
        }
    }
    return via;
}

}  // namespace dialtone::message
