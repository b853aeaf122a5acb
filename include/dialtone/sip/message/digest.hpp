#pragma once
// Authorization / Proxy-Authorization credentials, WWW-Authenticate / Proxy-Authenticate
// challenges (RFC 3261 §20.7, §20.27, §20.28, §20.44, §25.1; RFC 7616 §3.3-3.4; RFC 8760)
// and Authentication-Info (§20.6). A Digest value is parsed into its directives; any other
// scheme is kept as scheme + raw parameters (RFC 4475 §3.3.7 regaut01 must parse).
// Quoted values are handed out without their quotes, escapes still in place: use
// unescape_quoted() (quoted_string.hpp) when has_escapes() says there are some.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

// One auth-param: name "=" ( token / quoted-string ).
struct AuthParam {
    std::string_view name;
    std::string_view value;  // without quotes when `quoted`
    bool quoted = false;
};

// Walks a comma-separated auth-param list ("realm=\"a\", nonce=\"b\""). Stops at the end or
// at the first malformed piece; status() then says which.
class AuthParamCursor {
  public:
    enum class Status : std::uint8_t {
        Ok,
        End,
        EmptyParam,    // ",," or a trailing ','
        BadName,       // not a token
        MissingValue,  // no "="
        BadQuoted,     // quoted-string not closed (or holding a forbidden byte)
        BadValue,      // neither token nor quoted-string after "="
        Junk,          // something other than ',' after a value
    };

    explicit AuthParamCursor(std::string_view list) : rest_(list) {}
    bool next(AuthParam& out);
    Status status() const { return status_; }

  private:
    std::string_view rest_;
    Status status_ = Status::Ok;
    bool after_comma_ = false;
};

// The directives RFC 3261 / 7616 / 8760 define, for AuthHeader::has().
enum class DigestField : std::uint8_t {
    Username,
    Realm,
    Nonce,
    Uri,
    Response,
    Algorithm,
    Cnonce,
    Opaque,
    Qop,
    Nc,
    Stale,
    Domain,
    Userhash,
    Nextnonce,
    Rspauth,
};

enum class DigestAlgorithm : std::uint8_t {
    Md5,  // also when the directive is absent (RFC 7616 §3.3)
    Md5Sess,
    Sha256,
    Sha256Sess,
    Sha512_256,
    Sha512_256Sess,
    Other,
};

struct AuthHeader {
    std::string_view scheme;  // "Digest", or any other token as written
    bool digest = false;      // scheme is Digest (case-insensitive)
    // Everything after the scheme: the auth-param list for Digest, or an unknown scheme's
    // data as written (it may not even be auth-params, e.g. Basic's token68).
    std::string_view params;

    // Digest directives; quoted ones without quotes. Empty when absent (see has()).
    std::string_view username;  // or the "username*" RFC 7616 §3.4.4 form, as written
    std::string_view realm;
    std::string_view nonce;
    std::string_view uri;
    std::string_view response;  // hex digits
    std::string_view algorithm;
    std::string_view cnonce;
    std::string_view opaque;
    std::string_view qop;  // challenge: "auth,auth-int"; credentials: "auth"
    std::string_view nc;   // 8 hex digits as written
    std::string_view domain;
    std::string_view nextnonce;      // Authentication-Info
    std::string_view rspauth;        // Authentication-Info
    std::uint32_t nonce_count = 0;   // nc as a number
    bool stale = false;              // stale=true (case-insensitive); anything else is false
    bool userhash = false;           // userhash=true
    bool username_extended = false;  // the username came as username* (RFC 7616 §3.4.4)
    std::uint16_t present = 0;       // bit per DigestField

    bool has(DigestField f) const { return (present >> static_cast<unsigned>(f)) & 1U; }
    // Any auth-param by name (case-insensitive), unquoted; empty when absent. This is how
    // the parameters this struct does not name are read.
    std::string_view param(std::string_view name) const;
    bool has_param(std::string_view name) const;
    DigestAlgorithm digest_algorithm() const;
    // Whether the qop directive lists `token` ("auth" in "auth,auth-int").
    bool qop_offers(std::string_view token) const;
};

// Authorization (default) or Proxy-Authorization. Digest credentials need username, realm,
// nonce, uri and response, and with qop also cnonce and nc (RFC 7616 §3.4).
Result<AuthHeader> parse_credentials(std::string_view value,
                                     HeaderId header = HeaderId::Authorization);

// WWW-Authenticate (default) or Proxy-Authenticate. A Digest challenge needs realm and
// nonce (RFC 7616 §3.3).
Result<AuthHeader> parse_challenge(std::string_view value,
                                   HeaderId header = HeaderId::WwwAuthenticate);

// Authentication-Info: a bare auth-param list (nextnonce, qop, rspauth, cnonce, nc).
Result<AuthHeader> parse_authentication_info(std::string_view value);

}  // namespace dialtone::message
