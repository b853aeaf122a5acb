#pragma once
// The client side of SIP digest (RFC 3261 §22.2-22.3, RFC 7616 §3.4): answers a 401/407
// challenge with an Authorization / Proxy-Authorization value. Prefers SHA-256 over MD5
// when both are offered (RFC 8760 §2.4), qop=auth over auth-int, counts nc per nonce, and
// can reuse the last challenge of a realm for the next request (nc + 1), as phones do for
// REGISTER refreshes. The cnonce comes from an injected source, so tests are exact.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/auth/algorithm.hpp"
#include "dialtone/sip/auth/auth_kind.hpp"
#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::auth {

struct ClientCredentials {
    std::string username;
    // The password, or empty when HA1s are given instead (then only algorithms with an HA1
    // are answered, and only in `realm`, the realm they were computed for).
    std::string password;
    std::string ha1_md5;
    std::string ha1_sha256;
    // Answer only challenges of this realm; empty: any realm (password only).
    std::string realm;
};

// Returns a fresh cnonce each call (RFC 7616 §3.4: "an opaque quoted string value provided
// by the client", unpredictable).
using CnonceSource = std::function<std::string()>;

// 16 octets from OpenSSL's RAND_bytes, as 32 hex digits.
CnonceSource random_cnonce_source();

struct ClientAnswer {
    message::HeaderId header = message::HeaderId::Authorization;
    std::string value;  // "Digest username=..., response=..."
    std::string realm;
    Algorithm algorithm = Algorithm::Md5;
    std::uint32_t nc = 0;  // 0 without qop
};

class DigestClient {
  public:
    DigestClient(ClientCredentials credentials, CnonceSource cnonce);

    // Answers the best challenge of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate)
    // response for `method` and `digest_uri` (the Request-URI of the request to resend).
    // `body` matters only for qop=auth-int. Error when no challenge can be answered.
    message::Result<ClientAnswer> answer(const message::Message& response, std::string_view method,
                                         std::string_view digest_uri, std::string_view body = {});
    // The same for challenge header values the caller collected.
    message::Result<ClientAnswer> answer(std::span<const std::string_view> challenges,
                                         AuthKind kind, std::string_view method,
                                         std::string_view digest_uri, std::string_view body = {});

    // Credentials for a new request built from the last challenge answered for `realm`
    // (the next nonce-count), or nullopt when there is none or it had no qop.
    std::optional<ClientAnswer> reuse(std::string_view realm, std::string_view method,
                                      std::string_view digest_uri, std::string_view body = {});

  private:
    struct Cached {
        AuthKind kind = AuthKind::Www;
        Algorithm algorithm = Algorithm::Md5;
        std::string realm;
        std::string nonce;
        std::string opaque;
        bool has_opaque = false;
        std::string qop;  // "auth", "auth-int" or empty
        std::uint32_t nc = 0;
    };
    ClientAnswer build(Cached& c, std::string_view method, std::string_view digest_uri,
                       std::string_view body);
    Cached* cached(std::string_view realm);

    ClientCredentials credentials_;
    CnonceSource cnonce_;
    std::vector<Cached> cache_;  // one per realm, at most kMaxRealms
    static constexpr std::size_t kMaxRealms = 8;
};

}  // namespace dialtone::auth
