#include "server/via_stamp.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "dialtone/sip/message/params.hpp"
#include "dialtone/sip/message/via.hpp"

namespace dialtone::server {

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

// Binary form of an IPv4 or IPv6 literal; the family is 0 when the text is neither.
struct IpBytes {
    int family = 0;
    std::array<unsigned char, 16> bytes{};
};

IpBytes to_bytes(std::string_view text) {
    IpBytes out;
    // inet_pton wants a NUL-terminated string; addresses are short, so no allocation.
    std::array<char, 64> buf{};
    if (text.empty() || text.size() >= buf.size()) return out;
    std::memcpy(buf.data(), text.data(), text.size());
    if (inet_pton(AF_INET, buf.data(), out.bytes.data()) == 1) {
        out.family = AF_INET;
    } else if (inet_pton(AF_INET6, buf.data(), out.bytes.data()) == 1) {
        out.family = AF_INET6;
    }
    return out;
}

// RFC 3261's `received` grammar has no room for an IPv6 zone ("%eth0").
std::string_view without_zone(std::string_view ip) {
    return ip.substr(0, ip.find('%'));
}

// a + b. Written out because GCC 12 at -O3 reports a false -Wrestrict on
// `"literal" + std::string` (GCC bug 105329).
std::string concat(std::string_view a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a);
    out.append(b);
    return out;
}

struct Edit {
    std::size_t pos;
    std::size_t erase;
    std::string insert;
};

}  // namespace

bool same_ip(std::string_view a, std::string_view b) {
    const IpBytes x = to_bytes(a);
    const IpBytes y = to_bytes(b);
    if (x.family != 0 && x.family == y.family) return x.bytes == y.bytes;
    if (x.family != 0 || y.family != 0) return false;
    return iequals(a, b);
}

std::optional<std::string> stamp_via(std::string_view via_element, std::string_view source_ip,
                                     std::uint16_t source_port) {
    auto parsed = message::parse_via(via_element);
    if (!parsed.ok()) return std::nullopt;
    const message::Via& via = *parsed;
    const std::string_view ip = without_zone(source_ip);

    const bool bare_rport = via.has_rport && via.rport.empty();
    const bool sent_by_differs =
        via.host.kind == message::HostKind::Domain || !same_ip(via.host.address(), ip);
    // RFC 3581 §4: with rport the server adds received "even if it is identical to the
    // value of the sent-by component".
    const bool add_received = !ip.empty() && (bare_rport || sent_by_differs);

    // Parameter views point into via_element (parse_via does not copy), so offsets into
    // it locate the parameters to edit.
    const auto offset = [&](std::string_view part) {
        return static_cast<std::size_t>(part.data() - via_element.data());
    };
    std::vector<Edit> edits;
    bool had_received = false;
    message::ParamCursor cursor(via.params);
    message::Param p;
    while (cursor.next(p)) {
        if (bare_rport && iequals(p.name, "rport") && !p.has_value) {
            edits.push_back(
                {offset(p.name) + p.name.size(), 0, concat("=", std::to_string(source_port))});
        } else if (add_received && iequals(p.name, "received") && !had_received) {
            // A client has no business sending received, but if it did, overwrite it
            // rather than send two. An empty "received=" cannot be located; append then.
            if (p.has_value && !p.value.empty()) {
                had_received = true;
                edits.push_back({offset(p.value), p.value.size(), std::string(ip)});
            } else if (!p.has_value) {
                had_received = true;
                edits.push_back({offset(p.name) + p.name.size(), 0, concat("=", ip)});
            }
        }
    }
    if (add_received && !had_received) {
        edits.push_back({via_element.size(), 0, concat(";received=", ip)});
    }
    if (edits.empty()) return std::nullopt;

    std::sort(edits.begin(), edits.end(),
              [](const Edit& a, const Edit& b) { return a.pos < b.pos; });
    std::string out;
    out.reserve(via_element.size() + 64);
    std::size_t at = 0;
    for (const Edit& e : edits) {
        out.append(via_element.substr(at, e.pos - at));
        out += e.insert;
        at = e.pos + e.erase;
    }
    out.append(via_element.substr(at));
    return out;
}

}  // namespace dialtone::server
