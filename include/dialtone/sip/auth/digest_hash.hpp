#pragma once
// The arithmetic of HTTP digest as SIP uses it (RFC 7616 §3.4.1-3.4.3, RFC 3261 §22.4):
// H, HA1 = H(user ":" realm ":" password), HA2 = H(method ":" uri [":" H(body)]), and the
// response KD(HA1, nonce ":" nc ":" cnonce ":" qop ":" HA2). Results are lower-case hex in a
// fixed buffer, so verifying a request does not allocate.

#include <array>
#include <string_view>

#include "dialtone/sip/auth/algorithm.hpp"

namespace dialtone::auth {

// H(x) as lower-case hex, 32 or 64 characters.
class HexDigest {
  public:
    std::string_view view() const { return {chars_.data(), size_}; }
    operator std::string_view() const { return view(); }
    friend bool operator==(const HexDigest& a, const HexDigest& b) { return a.view() == b.view(); }

  private:
    friend HexDigest make_hex_digest(const unsigned char* bytes, std::size_t n);
    std::array<char, 64> chars_{};
    std::size_t size_ = 0;
};

// Builds a HexDigest from raw digest bytes (at most 32).
HexDigest make_hex_digest(const unsigned char* bytes, std::size_t n);

// H(data).
HexDigest hash_hex(Algorithm a, std::string_view data);

// HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2). Values unquoted and unescaped.
HexDigest compute_ha1(Algorithm a, std::string_view username, std::string_view realm,
                      std::string_view password);

// What goes into a response besides HA1, unquoted and unescaped, as the client sent them.
struct DigestInputs {
    std::string_view method;  // A2 uses the request's method (RFC 3261 §22.4)
    std::string_view uri;     // the digest-uri
    std::string_view nonce;
    std::string_view nc;      // 8 hex digits as written; unused without qop
    std::string_view cnonce;  // unused without qop
    std::string_view qop;     // "auth", "auth-int", or empty for an RFC 2069 response
    std::string_view body;    // auth-int only: the message body, H(body) goes into A2
};

// The request-digest (RFC 7616 §3.4.1). With an empty qop it is the RFC 2069 form
// KD(HA1, nonce ":" HA2). `ha1_hex` must be the HA1 for the same algorithm.
HexDigest compute_response(Algorithm a, std::string_view ha1_hex, const DigestInputs& in);

}  // namespace dialtone::auth
