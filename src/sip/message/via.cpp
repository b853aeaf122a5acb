#include "dialtone/sip/message/via.hpp"

#include <bit>
#include <cstring>

#include "sip/message/char_class.hpp"
#include "sip/message/host_scan.hpp"
#include "sip/message/number_scan.hpp"
#include "sip/message/param_scan.hpp"
#include "sip/message/span_scan.hpp"
#include "sip/message/word_masks.hpp"

namespace dialtone::message {

namespace {

constexpr ParseError kBadProtocol{400, "Via: malformed sent-protocol"};
constexpr ParseError kNoSentBy{400, "Via: missing sent-by"};
constexpr ParseError kBadHost{400, "Via: sent-by host is not valid"};
constexpr ParseError kBadPort{400, "Via: sent-by port is not a number from 0 to 65535"};
constexpr ParseError kJunk{400, "Via: unexpected text after sent-by"};
constexpr ParseError kBadRport{400, "Via: rport is not a port number"};
constexpr ParseError kBadTtl{400, "Via: ttl is not a number from 0 to 255"};
constexpr ParseError kBadParam{400, "Via: malformed parameter"};

const char* skip_lws(const char* p, const char* e) {
    while (p < e && static_cast<unsigned char>(*p) <= ' ' && chars::is_lws(*p))
        ++p;
    return p;
}

// A run of decimal digits at p read as a number no larger than `max`; nullptr when there
// are no digits or the number is larger (however many digits there are).
const char* parse_number(const char* p, const char* e, std::uint32_t max, std::uint32_t& out) {
    const char* q = p;
    std::uint32_t v = 0;
    while (q < e && chars::is_digit(*q)) {
        v = v * 10 + static_cast<std::uint32_t>(*q - '0');  // max < 2^16: no overflow here
        if (v > max) return nullptr;
        ++q;
    }
    if (q == p) return nullptr;
    out = v;
    return q;
}

bool is_number(std::string_view s, std::uint32_t max) {
    std::uint32_t n = 0;
    // (An empty view may have a null data(), which parse_number's nullptr would match.)
    return !s.empty() && parse_number(s.data(), s.data() + s.size(), max, n) == s.data() + s.size();
}

// is_number(s, 65535) for the usual one to five digits without a bound check per digit.
bool is_port_text(std::string_view s) {
    if (s.empty() || s.size() > 5) return is_number(s, 65535);
    std::uint32_t v = 0;
    for (char c : s) {
        const auto d = static_cast<std::uint32_t>(static_cast<unsigned char>(c) - '0');
        if (d > 9) return false;
        v = v * 10 + d;
    }
    return v <= 65535;
}

// Keeps the parameters every hop reads; false (with `bad` set) when one of them has a value
// it may not have.
inline __attribute__((always_inline)) bool take_param(Via& via, std::string_view name,
                                                      std::string_view value, bool has_value,
                                                      const ParseError*& bad) {
    switch (name.size()) {
        case 6:
            if (chars::is_name(name, "branch")) via.branch = value;
            break;
        case 8:
            if (chars::is_name(name, "received")) via.received = value;
            break;
        case 5:
            if (chars::is_name(name, "rport")) {
                via.rport = value;
                via.has_rport = true;
                if (has_value && !is_port_text(value)) {
                    bad = &kBadRport;
                    return false;
                }
            } else if (chars::is_name(name, "maddr")) {
                via.maddr = value;
            }
            break;
        case 3:
            if (chars::is_name(name, "ttl")) {
                via.ttl = value;
                if (!is_number(value, 255)) {
                    bad = &kBadTtl;
                    return false;
                }
            }
            break;
        default:
            break;
    }
    return true;
}

#if defined(__SSE2__)
constexpr std::uint32_t word4(const char (&w)[5]) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(w[0])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(w[1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(w[2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(w[3])) << 24;
}

// "UDP ", "TCP " or "TLS " at p (4 readable octets), as written by nearly every UA.
inline bool is_common_transport(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    if constexpr (std::endian::native != std::endian::little) return false;
    return w == word4("UDP ") || w == word4("TCP ") || w == word4("TLS ");
}

// The common shape "SIP/2.0/" transport SP host [":" port] [";" params] with a transport,
// host and parameters made of word octets (word_masks.hpp) and single delimiters, and a
// parameter list under 64 octets: fills `via` and returns true. Returns false, `via` partly
// filled, on anything else (LWS around separators, IPv6, quoted or other values, errors...):
// the general parser then decides.
bool parse_fast(std::string_view v, Via& via) {
    const std::size_t n = v.size();
    if (n < 16 || std::memcmp(v.data(), "SIP/2.0/", 8) != 0) return false;
    const char* const s = v.data();
    std::size_t t = 8;
    // The usual transports and their SP in one word compare; the rest octet by octet.
    if (!is_common_transport(s + 8)) {
        while (t < n && chars::is(s[t], chars::kHost))
            ++t;
        if (t == 8 || t == n || (s[t] != ' ' && s[t] != '\t')) return false;
    } else {
        t = 11;
    }
    via.protocol_name = std::string_view(s, 3);
    via.protocol_version = std::string_view(s + 4, 3);
    via.transport = std::string_view(s + 8, t - 8);
    std::size_t h = t + 1;
    while (h < n && (s[h] == ' ' || s[h] == '\t'))
        ++h;
    if (h == n) return false;
    std::size_t q = h + scan_host_in(std::string_view(s + h, n - h), via.host, s, s + n);
    if (via.host.kind == HostKind::None) return false;
    if (q < n && s[q] == ':') {
        std::uint32_t port = 0;
        const char* d = number_scan::parse_port(s + q + 1, s + n, port);
        if (d == nullptr) return false;
        via.port = static_cast<std::uint16_t>(port);
        via.has_port = true;
        q = static_cast<std::size_t>(d - s);
    }
    if (q == n) return true;
    if (s[q] != ';') return false;
    const char* const ps = s + q + 1;
    const std::size_t pn = n - q - 1;
    if (pn >= 64) return false;
    via.params = std::string_view(ps, pn);
    const std::uint64_t word = word_bits64(ps, pn);  // n >= 16: the last block stays in v
    std::size_t k = 0;
    const ParseError* bad = nullptr;
    while (true) {
        const std::size_t ne = word_end(word, k);
        if (ne == k) return false;
        const std::string_view name(ps + k, ne - k);
        k = ne;
        std::string_view value;
        bool has_value = false;
        if (k < pn && ps[k] == '=') {
            const std::size_t ve = word_end(word, k + 1);
            if (ve == k + 1) return false;
            value = std::string_view(ps + k + 1, ve - k - 1);
            has_value = true;
            k = ve;
        }
        if (!take_param(via, name, value, has_value, bad)) return false;
        if (k == pn) return true;
        if (ps[k] != ';') return false;
        ++k;
    }
}
#endif

const ParseError* parse_into(std::string_view v, Via& via) {
    const char* const b = v.data();
    const char* const e = b + v.size();
    const char* p = b;
    // sent-protocol: name SLASH version SLASH transport, where SLASH = SWS "/" SWS. Nearly
    // every Via starts "SIP/2.0/": one 8-octet compare stands for the first two parts.
    if (v.size() >= 8 && std::memcmp(b, "SIP/2.0/", 8) == 0) {
        via.protocol_name = std::string_view(b, 3);
        via.protocol_version = std::string_view(b + 4, 3);
        p = skip_lws(b + 8, e);
        const char* t = b + span::run(v, static_cast<std::size_t>(p - b), chars::kToken);
        if (t == p) return &kBadProtocol;
        via.transport = std::string_view(p, static_cast<std::size_t>(t - p));
        p = t;
    } else {
        std::string_view* parts[3] = {&via.protocol_name, &via.protocol_version, &via.transport};
        p = skip_lws(p, e);
        for (int k = 0; k < 3; ++k) {
            if (k > 0) {
                p = skip_lws(p, e);
                if (p >= e || *p != '/') return &kBadProtocol;
                p = skip_lws(p + 1, e);
            }
            const char* t = b + span::run(v, static_cast<std::size_t>(p - b), chars::kToken);
            if (t == p) return &kBadProtocol;
            *parts[k] = std::string_view(p, static_cast<std::size_t>(t - p));
            p = t;
        }
    }
    const char* const after_transport = p;
    p = skip_lws(p, e);
    if (p == after_transport || p >= e) return &kNoSentBy;
    // sent-by = host [ COLON port ]
    p += scan_host_in(std::string_view(p, static_cast<std::size_t>(e - p)), via.host, b, e);
    if (via.host.kind == HostKind::None) return &kBadHost;
    p = skip_lws(p, e);
    if (p < e && *p == ':') {
        p = skip_lws(p + 1, e);
        std::uint32_t port = 0;
        p = parse_number(p, e, 65535, port);
        if (p == nullptr) return &kBadPort;
        via.port = static_cast<std::uint16_t>(port);
        via.has_port = true;
        p = skip_lws(p, e);
    }
    if (p == e) return nullptr;
    if (*p != ';') return &kJunk;
    via.params = std::string_view(p + 1, static_cast<std::size_t>(e - p - 1));
    // One pass validates the list and pulls out the parameters every hop reads.
    const ParseError* bad_value = nullptr;
    const bool ok = scan_params(via.params, b,
                                [&](std::string_view name, std::string_view value, bool has_value) {
                                    return take_param(via, name, value, has_value, bad_value);
                                });
    if (!ok) return bad_value ? bad_value : &kBadParam;
    return nullptr;
}

}  // namespace

Result<Via> parse_via(std::string_view value) {
    // Filled in place and returned by name, so the Via is never copied.
    // Copied from a blank constant: plain vector moves, where value-initializing the
    // struct in place compiles to a `rep stos` that costs more than its size suggests.
    static const Via kBlank{};
    Result<Via> result(std::in_place, kBlank);
#if defined(__SSE2__)
    if (parse_fast(value, *result)) return result;
    *result = kBlank;
#endif
    if (const ParseError* e = parse_into(value, *result)) result = *e;
    return result;
}

}  // namespace dialtone::message
