#pragma once
// SIP, SIPS and tel URIs (RFC 3261 §19.1, RFC 3966); any other scheme is kept as an
// opaque absolute URI. All fields are views into the text that was parsed.

#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/message/host.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

enum class UriScheme : std::uint8_t { Sip, Sips, Tel, Other };

struct Uri {
    std::string_view text;  // the whole URI as written
    UriScheme scheme = UriScheme::Other;
    std::string_view scheme_text;
    std::string_view user;      // still escaped; see unescape()
    std::string_view password;  // still escaped
    bool has_password = false;
    Host host;
    std::uint16_t port = 0;  // 0: no port written
    bool has_port = false;
    std::string_view params;   // after the first ';' (no leading ';'), up to '?'
    std::string_view headers;  // after '?'
    // tel: the subscriber number; Other: everything after "scheme:".
    std::string_view opaque;

    bool is_sip() const { return scheme == UriScheme::Sip || scheme == UriScheme::Sips; }
    // Value of a URI parameter, e.g. param("transport"); empty if absent.
    std::string_view param(std::string_view name) const;
    bool has_param(std::string_view name) const;
    bool loose_route() const { return has_param("lr"); }
};

// Parses an absolute URI. With `allow_headers` false (Request-URI, RFC 3261 §19.1.1 table)
// a SIP URI carrying '?headers' is rejected.
Result<Uri> parse_uri(std::string_view text, bool allow_headers = true);

// RFC 3261 §19.1.4 equality: scheme, user (case-sensitive, after unescaping), host
// (case-insensitive), port, the user/ttl/method/maddr/transport params, other params only
// when both carry them, and headers.
bool uri_equal(const Uri& a, const Uri& b);

// %HH decoding; invalid escapes are left as written.
std::string unescape(std::string_view text);

// Which characters may appear unescaped in a given URI component.
enum class UriComponent : std::uint8_t { User, Password, Param, Header };
// %HH-encodes every octet that may not appear unescaped in `component`.
std::string escape(std::string_view text, UriComponent component);

}  // namespace dialtone::message
