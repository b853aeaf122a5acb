#include "dialtone/sip/message/uri.hpp"

#include <cstring>

#include "dialtone/sip/message/params.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/host_scan.hpp"
#include "sip/message/span_scan.hpp"
#include "sip/message/uri_scan.hpp"

namespace dialtone::message {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return chars::iequals(a, b);
}

// Every '%' in s starts a %HH escape.
bool escapes_ok(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') continue;
        if (i + 2 >= s.size() || chars::hex_value(s[i + 1]) < 0 || chars::hex_value(s[i + 2]) < 0)
            return false;
        i += 2;
    }
    return true;
}

// Scans from i while octets are in `mask`; notes whether a '%' was seen.
std::size_t scan(std::string_view s, std::size_t i, std::uint32_t mask, bool& pct) {
    std::uint32_t seen = 0;
    while (i < s.size()) {
        const std::uint32_t b = chars::kTable.bits[static_cast<unsigned char>(s[i])];
        if (!(b & mask)) break;
        seen |= b;
        ++i;
    }
    pct |= (seen & chars::kPercent) != 0;
    return i;
}

bool parse_port(std::string_view s, std::uint16_t& port) {
    std::uint64_t v = 0;
    if (!chars::parse_decimal(s, 65535, v)) return false;
    port = static_cast<std::uint16_t>(v);
    return true;
}

constexpr ParseError kEmptyUser{400, "URI has an empty user part"};
constexpr ParseError kBadUserChar{400, "URI user part has an illegal character"};
constexpr ParseError kBadUserEscape{400, "URI user part has a malformed %-escape"};
constexpr ParseError kBadHost{400, "URI host is not valid"};
constexpr ParseError kBadPort{400, "URI port is not a number from 0 to 65535"};
constexpr ParseError kEmptyParamName{400, "URI parameter has an empty name"};
constexpr ParseError kBadParamEscape{400, "URI parameter has a malformed %-escape"};
constexpr ParseError kHeadersInRequestUri{400, "Request-URI must not carry URI headers"};
constexpr ParseError kBadHeaderEscape{400, "URI header has a malformed %-escape"};
constexpr ParseError kBadChar{400, "URI has an illegal character"};
constexpr ParseError kNoScheme{400, "URI has no scheme"};
constexpr ParseError kOpaqueChar{400,
                                 "URI contains whitespace or a character that must be escaped"};
constexpr ParseError kNothingAfterScheme{400, "URI has nothing after the scheme"};
constexpr ParseError kTelNoNumber{400, "tel URI has no number"};

// Fills the SIP-specific fields of `u`; nullptr on success. [lo, hi) is readable.
const ParseError* parse_sip_uri(Uri& u, std::string_view rest, bool allow_headers, const char* lo,
                                const char* hi) {
    // The user part may hold ';' '?' '/' (user-unreserved) but never '@', and nothing after
    // the host holds '@' unescaped: so the first '@' ends the userinfo.
    std::string_view hostpart = rest;
    const char* const rest_end = rest.data() + rest.size();
    const char* const at = span::find<span::Is<'@'>>(rest.data(), rest_end, lo, hi);
    if (at != rest_end) {
        const auto at_pos = static_cast<std::size_t>(at - rest.data());
        bool pct = false;
        std::size_t i = scan(rest, 0, chars::kUserChar, pct);
        if (i == 0) return &kEmptyUser;
        u.user = rest.substr(0, i);
        if (i < at_pos && rest[i] == ':') {
            const std::size_t ps = i + 1;
            i = scan(rest, ps, chars::kPassChar, pct);
            u.password = rest.substr(ps, i - ps);
            u.has_password = true;
        }
        if (i != at_pos) return &kBadUserChar;
        if (pct && !escapes_ok(rest.substr(0, at_pos))) return &kBadUserEscape;
        hostpart = rest.substr(at_pos + 1);
    }
    const std::size_t n = hostpart.size();
    std::size_t i = scan_host_in(hostpart, u.host, lo, hi);
    if (u.host.kind == HostKind::None) return &kBadHost;
    if (i < n && hostpart[i] == ':') {
        std::size_t j = i + 1;
        while (j < n && chars::is_digit(hostpart[j]))
            ++j;
        if (!parse_port(hostpart.substr(i + 1, j - i - 1), u.port)) return &kBadPort;
        u.has_port = true;
        i = j;
    }
    if (i < n && hostpart[i] == ';') {
        bool pct = false;
        const std::size_t j = scan(hostpart, i + 1, chars::kParamChar, pct);
        u.params = hostpart.substr(i + 1, j - i - 1);
        if (!param_names_ok(u.params)) return &kEmptyParamName;
        if (pct && !escapes_ok(u.params)) return &kBadParamEscape;
        i = j;
    }
    if (i < n && hostpart[i] == '?') {
        if (!allow_headers) return &kHeadersInRequestUri;
        bool pct = false;
        const std::size_t j = scan(hostpart, i + 1, chars::kHeaderChar, pct);
        u.headers = hostpart.substr(i + 1, j - i - 1);
        if (pct && !escapes_ok(u.headers)) return &kBadHeaderEscape;
        i = j;
    }
    if (i != n) return &kBadChar;
    return nullptr;
}

}  // namespace

const ParseError* parse_uri_into(Uri& u, std::string_view text, bool allow_headers, const char* lo,
                                 const char* hi) {
    u.text = text;
    const std::size_t n = text.size();
    if (n >= 4 && starts_with_sip(text)) {
        u.scheme_text = text.substr(0, 3);
        u.scheme = UriScheme::Sip;
        return parse_sip_uri(u, text.substr(4), allow_headers, lo, hi);
    }
    std::size_t i = 0;
    while (i < n && chars::is(text[i], chars::kScheme))
        ++i;
    if (i == 0 || i >= n || text[i] != ':' || !chars::is(text[0], chars::kAlpha)) return &kNoScheme;
    u.scheme_text = text.substr(0, i);
    const std::string_view rest = text.substr(i + 1);
    if (i == 3 && iequals(u.scheme_text, "sip")) {
        u.scheme = UriScheme::Sip;
        return parse_sip_uri(u, rest, allow_headers, lo, hi);
    }
    if (i == 4 && iequals(u.scheme_text, "sips")) {
        u.scheme = UriScheme::Sips;
        return parse_sip_uri(u, rest, allow_headers, lo, hi);
    }
    u.scheme = (i == 3 && iequals(u.scheme_text, "tel")) ? UriScheme::Tel : UriScheme::Other;
    for (char c : rest) {
        // No URI of any scheme holds whitespace, controls or angle brackets unescaped.
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
            return &kOpaqueChar;
    }
    if (rest.empty()) return &kNothingAfterScheme;
    u.opaque = rest;
    if (u.scheme == UriScheme::Tel) {
        const std::size_t semi = rest.find(';');
        u.opaque = rest.substr(0, semi);
        if (semi != std::string_view::npos) u.params = rest.substr(semi + 1);
        if (u.opaque.empty()) return &kTelNoNumber;
    }
    return nullptr;
}

Result<Uri> parse_uri(std::string_view text, bool allow_headers) {
    // Copied from a blank constant: plain vector moves, where value-initializing the
    // struct in place compiles to a `rep stos` that costs more than its size suggests.
    static const Uri kBlank{};
    Result<Uri> result(std::in_place, kBlank);
    if (const ParseError* e = parse_uri_into(*result, text, allow_headers)) result = *e;
    return result;
}

std::string_view Uri::param(std::string_view name) const {
    Param p;
    return find_param(params, name, p) ? p.value : std::string_view{};
}

bool Uri::has_param(std::string_view name) const {
    Param p;
    return find_param(params, name, p);
}

std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = chars::hex_value(text[i + 1]);
            const int lo = chars::hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

std::string escape(std::string_view text, UriComponent component) {
    std::uint16_t allowed = chars::kUnreserved;
    switch (component) {
        case UriComponent::User:
            allowed |= chars::kUserUnres;
            break;
        case UriComponent::Password:
            allowed |= chars::kPassUnres;
            break;
        case UriComponent::Param:
            allowed |= chars::kParamUnres;
            break;
        case UriComponent::Header:
            allowed |= chars::kHdrUnres;
            break;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c != '%' && chars::is(c, allowed)) {
            out.push_back(c);
        } else {
            const auto b = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 15]);
        }
    }
    return out;
}

namespace {

bool unescaped_iequal(std::string_view a, std::string_view b) {
    return chars::iequals(unescape(a), unescape(b));
}

// RFC 3261 §19.1.4: these parameters must match when present in either URI.
bool is_strict_param(std::string_view name) {
    return iequals(name, "user") || iequals(name, "ttl") || iequals(name, "method") ||
           iequals(name, "maddr") || iequals(name, "transport");
}

bool params_equal(std::string_view a, std::string_view b) {
    // Identical lists are equal even when a name repeats, which the name-by-name
    // comparison below cannot see (fuzz regression: tel:p;lri%=;lri%).
    if (chars::iequals(a, b)) return true;
    Param pa, pb;
    ParamCursor ca(a);
    while (ca.next(pa)) {
        if (find_param(b, pa.name, pb)) {
            if (pa.has_value != pb.has_value || !unescaped_iequal(pa.value, pb.value)) return false;
        } else if (is_strict_param(pa.name)) {
            return false;
        }
    }
    ParamCursor cb(b);
    while (cb.next(pb)) {
        if (is_strict_param(pb.name) && !find_param(a, pb.name, pa)) return false;
    }
    return true;
}

// Headers: every header of one URI must be in the other with the same value.
bool headers_subset(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    while (i <= a.size() && !a.empty()) {
        std::size_t amp = a.find('&', i);
        if (amp == std::string_view::npos) amp = a.size();
        const std::string_view h = a.substr(i, amp - i);
        bool found = false;
        std::size_t j = 0;
        while (j <= b.size()) {
            std::size_t bamp = b.find('&', j);
            if (bamp == std::string_view::npos) bamp = b.size();
            const std::string_view g = b.substr(j, bamp - j);
            const std::size_t he = h.find('='), ge = g.find('=');
            if (unescaped_iequal(h.substr(0, he), g.substr(0, ge)) &&
                unescape(h.substr(he == std::string_view::npos ? h.size() : he)) ==
                    unescape(g.substr(ge == std::string_view::npos ? g.size() : ge))) {
                found = true;
                break;
            }
            j = bamp + 1;
        }
        if (!found) return false;
        i = amp + 1;
        if (amp == a.size()) break;
    }
    return true;
}

}  // namespace

bool uri_equal(const Uri& a, const Uri& b) {
    if (a.scheme != b.scheme) return false;
    if (a.scheme == UriScheme::Other || a.scheme == UriScheme::Tel) {
        return iequals(a.scheme_text, b.scheme_text) && unescaped_iequal(a.opaque, b.opaque) &&
               params_equal(a.params, b.params);
    }
    if (unescape(a.user) != unescape(b.user)) return false;
    if (a.has_password != b.has_password || unescape(a.password) != unescape(b.password))
        return false;
    if (!iequals(a.host.text, b.host.text)) return false;
    if (a.has_port != b.has_port || a.port != b.port) return false;
    if (!params_equal(a.params, b.params)) return false;
    return headers_subset(a.headers, b.headers) && headers_subset(b.headers, a.headers);
}

}  // namespace dialtone::message
