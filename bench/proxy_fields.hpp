#pragma once
// The fields a proxy reads from every message it handles: the Request-URI to route on
// (RFC 3261 §16.4-16.5), the Vias to match transactions and send responses back (§17.2.3,
// §18.2.2, RFC 3581), From/To/Call-ID/CSeq for transaction and dialog matching (§17.1.3,
// §12), Max-Forwards (§16.3), the route set (§16.4, §16.12) and the Contact (§16.7).
// Each parser's reader fills this same struct through its own API, so the benchmark times
// the same work for all of them. Views point into the parser's own message object.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dialtone::bench {

struct UriFields {
    std::string_view user;
    std::string_view host;
    std::uint32_t port = 0;  // 0 when no port is written
};

struct ViaFields {
    std::string_view host;  // sent-by
    std::uint32_t port = 0;
    std::string_view branch;
    std::string_view received;
    std::string_view rport;  // empty for a bare ";rport"
    bool has_rport = false;
};

inline constexpr std::size_t kMaxVias = 8;
inline constexpr std::size_t kMaxRoutes = 8;

struct ProxyFields {
    bool is_request = false;
    int status = 0;         // responses
    UriFields request_uri;  // requests
    std::array<ViaFields, kMaxVias> vias{};
    std::size_t via_count = 0;  // may exceed kMaxVias; only the first kMaxVias are kept
    UriFields from;
    std::string_view from_tag;
    UriFields to;
    std::string_view to_tag;
    // libosip2 hands the Call-ID back split at '@' (number and host) and building the whole
    // string would cost it an allocation; the other parsers leave call_id_host empty.
    std::string_view call_id;
    std::string_view call_id_host;
    std::uint32_t cseq_number = 0;
    std::string_view cseq_method;
    bool has_max_forwards = false;
    std::uint32_t max_forwards = 0;
    std::array<UriFields, kMaxRoutes> routes{};
    std::size_t route_count = 0;
    std::array<UriFields, kMaxRoutes> record_routes{};
    std::size_t record_route_count = 0;
    bool has_contact = false;
    UriFields contact;
    std::size_t content_length = 0;
};

// The Call-ID as written, whichever way the parser split it.
std::string call_id_text(const ProxyFields& f);

// A cheap fold over every field (lengths, first and last octet of each text, numbers), so
// the compiler must keep every read and a wrong value changes the result.
std::uint64_t checksum(const ProxyFields& f);

// A cheap fingerprint for the timed loop: every field's length and every number, combined
// with independent multiply-adds so it costs the harness a few nanoseconds, not the ~100 ns
// a byte-by-byte hash of every field costs (the same for every parser, which would only
// compress the ratios). Values themselves are checked in full before and after timing.
std::uint64_t shape_fingerprint(const ProxyFields& f);

// Empty when `got` equals `want` field by field; otherwise names the first field that differs.
std::string describe_mismatch(const ProxyFields& want, const ProxyFields& got);

}  // namespace dialtone::bench
