#include "dialtone/sip/message/digest.hpp"

#include <array>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

using detail::bad_request;
using detail::join_v;
using detail::Lit;
using Status = AuthParamCursor::Status;

enum class Role : std::uint8_t { Credentials, Challenge, Info };

template <Lit Msg>
std::string_view what(HeaderId h) {
    switch (h) {
        case HeaderId::ProxyAuthorization:
            return join_v<"Proxy-Authorization: ", Msg>;
        case HeaderId::WwwAuthenticate:
            return join_v<"WWW-Authenticate: ", Msg>;
        case HeaderId::ProxyAuthenticate:
            return join_v<"Proxy-Authenticate: ", Msg>;
        case HeaderId::AuthenticationInfo:
            return join_v<"Authentication-Info: ", Msg>;
        default:
            return join_v<"Authorization: ", Msg>;
    }
}

ParseError status_error(Status s, HeaderId h) {
    switch (s) {
        case Status::EmptyParam:
            return bad_request(what<"empty parameter">(h));
        case Status::BadName:
            return bad_request(what<"bad parameter name">(h));
        case Status::MissingValue:
            return bad_request(what<"parameter without value">(h));
        case Status::BadQuoted:
            return bad_request(what<"unterminated quoted string">(h));
        case Status::BadValue:
            return bad_request(what<"bad parameter value">(h));
        case Status::Junk:
        case Status::Ok:
        case Status::End:
            break;
    }
    return bad_request(what<"unexpected text after parameter">(h));
}

struct Directive {
    std::string_view name;
    DigestField field;
    std::string_view AuthHeader::*member;
};

constexpr std::array<Directive, 14> kDirectives = {{
    {"username", DigestField::Username, &AuthHeader::username},
    {"username*", DigestField::Username, &AuthHeader::username},
    {"realm", DigestField::Realm, &AuthHeader::realm},
    {"nonce", DigestField::Nonce, &AuthHeader::nonce},
    {"uri", DigestField::Uri, &AuthHeader::uri},
    {"response", DigestField::Response, &AuthHeader::response},
    {"algorithm", DigestField::Algorithm, &AuthHeader::algorithm},
    {"cnonce", DigestField::Cnonce, &AuthHeader::cnonce},
    {"opaque", DigestField::Opaque, &AuthHeader::opaque},
    {"qop", DigestField::Qop, &AuthHeader::qop},
    {"nc", DigestField::Nc, &AuthHeader::nc},
    {"domain", DigestField::Domain, &AuthHeader::domain},
    {"nextnonce", DigestField::Nextnonce, &AuthHeader::nextnonce},
    {"rspauth", DigestField::Rspauth, &AuthHeader::rspauth},
}};

std::uint16_t bit(DigestField f) {
    return static_cast<std::uint16_t>(1U << static_cast<unsigned>(f));
}

bool all_hex(std::string_view v) {
    if (v.empty()) return false;
    for (char c : v)
        if (!chars::is(c, chars::kHex)) return false;
    return true;
}

// Reads every auth-param of a Digest (or Authentication-Info) list into `out`.
Result<AuthHeader> read_directives(AuthHeader out, Role role, HeaderId h) {
    AuthParamCursor cur(out.params);
    AuthParam p;
    while (cur.next(p)) {
        for (const Directive& d : kDirectives) {
            if (!chars::iequals(p.name, d.name)) continue;
            // RFC 7616 §3.3: a directive appears at most once (username and username*
            // count as one).
            if (out.present & bit(d.field)) return bad_request(what<"duplicate parameter">(h));
            out.present |= bit(d.field);
            out.*d.member = p.value;
            if (d.name == "username*") out.username_extended = true;
        }
        if (chars::iequals(p.name, "stale")) {
            if (out.present & bit(DigestField::Stale)) {
                return bad_request(what<"duplicate parameter">(h));
            }
            out.present |= bit(DigestField::Stale);
            out.stale = chars::iequals(p.value, "true");
        } else if (chars::iequals(p.name, "userhash")) {
            if (out.present & bit(DigestField::Userhash)) {
                return bad_request(what<"duplicate parameter">(h));
            }
            out.present |= bit(DigestField::Userhash);
            out.userhash = chars::iequals(p.value, "true");
        }
    }
    if (cur.status() != Status::End) return status_error(cur.status(), h);

    if (out.has(DigestField::Nc)) {
        // nc-value = 8LHEX (upper-case hex is accepted too).
        if (out.nc.size() != 8 || !all_hex(out.nc)) return bad_request(what<"bad nc">(h));
        std::uint32_t n = 0;
        for (char c : out.nc)
            n = n * 16 + static_cast<std::uint32_t>(chars::hex_value(c));
        out.nonce_count = n;
    }
    if (out.has(DigestField::Response) && !all_hex(out.response)) {
        return bad_request(what<"bad response">(h));
    }
    if (out.has(DigestField::Algorithm) && !chars::is_token(out.algorithm)) {
        return bad_request(what<"bad algorithm">(h));
    }
    if (role == Role::Credentials) {
        if (!out.has(DigestField::Username)) return bad_request(what<"missing username">(h));
        if (!out.has(DigestField::Realm)) return bad_request(what<"missing realm">(h));
        if (!out.has(DigestField::Nonce)) return bad_request(what<"missing nonce">(h));
        if (!out.has(DigestField::Uri)) return bad_request(what<"missing uri">(h));
        if (!out.has(DigestField::Response)) return bad_request(what<"missing response">(h));
        if (out.has(DigestField::Qop)) {
            // message-qop is a single token; cnonce and nc go with it (RFC 7616 §3.4).
            if (!chars::is_token(out.qop)) return bad_request(what<"bad qop">(h));
            if (!out.has(DigestField::Cnonce)) return bad_request(what<"missing cnonce">(h));
            if (!out.has(DigestField::Nc)) return bad_request(what<"missing nc">(h));
        }
    } else if (role == Role::Challenge) {
        if (!out.has(DigestField::Realm)) return bad_request(what<"missing realm">(h));
        if (!out.has(DigestField::Nonce)) return bad_request(what<"missing nonce">(h));
    }
    return out;
}

// auth-scheme LWS rest; any scheme other than Digest keeps its rest as written.
Result<AuthHeader> parse_scheme_value(std::string_view value, Role role, HeaderId h) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return bad_request(what<"empty value">(h));
    AuthHeader out;
    out.scheme = sc.token();
    if (out.scheme.empty() || (!sc.done() && !chars::is_lws(sc.peek()))) {
        return bad_request(what<"bad scheme">(h));
    }
    sc.skip_lws();
    out.params = trim_lws(sc.rest());
    out.digest = chars::iequals(out.scheme, "Digest");
    if (!out.digest) {
        // Unknown data, but a quote that opens must close, or the value is garbage.
        for (std::size_t i = 0; i < out.params.size(); ++i) {
            if (out.params[i] != '"') continue;
            const std::size_t n = quoted_string_length(out.params.substr(i));
            if (n == 0) return bad_request(what<"unterminated quoted string">(h));
            i += n - 1;
        }
        return out;
    }
    if (out.params.empty()) return bad_request(what<"missing parameters">(h));
    return read_directives(out, role, h);
}

}  // namespace

bool AuthParamCursor::next(AuthParam& out) {
    if (status_ != Status::Ok) return false;
    detail::Scanner sc(rest_);
    auto stop = [this](Status s) {
        status_ = s;
        return false;
    };
    sc.skip_lws();
    if (sc.done()) return stop(after_comma_ ? Status::EmptyParam : Status::End);
    if (sc.peek() == ',') return stop(Status::EmptyParam);
    out = AuthParam{};
    out.name = sc.token();
    if (out.name.empty()) return stop(Status::BadName);
    if (!sc.sep('=')) return stop(Status::MissingValue);
    if (sc.peek() == '"') {
        bool bad = false;
        const std::string_view q = sc.quoted(bad);
        if (bad) return stop(Status::BadQuoted);
        out.value = detail::strip_delims(q);
        out.quoted = true;
    } else {
        out.value = sc.token();
        if (out.value.empty()) return stop(Status::BadValue);
    }
    sc.skip_lws();
    after_comma_ = sc.eat(',');
    if (!after_comma_ && !sc.done()) return stop(Status::Junk);
    rest_ = sc.rest();
    return true;
}

std::string_view AuthHeader::param(std::string_view name) const {
    AuthParamCursor cur(params);
    AuthParam p;
    while (cur.next(p))
        if (chars::iequals(p.name, name)) return p.value;
    return {};
}

bool AuthHeader::has_param(std::string_view name) const {
    AuthParamCursor cur(params);
    AuthParam p;
    while (cur.next(p))
        if (chars::iequals(p.name, name)) return true;
    return false;
}

DigestAlgorithm AuthHeader::digest_algorithm() const {
    if (!has(DigestField::Algorithm) || chars::iequals(algorithm, "MD5")) {
        return DigestAlgorithm::Md5;
    }
    if (chars::iequals(algorithm, "MD5-sess")) return DigestAlgorithm::Md5Sess;
    if (chars::iequals(algorithm, "SHA-256")) return DigestAlgorithm::Sha256;
    if (chars::iequals(algorithm, "SHA-256-sess")) return DigestAlgorithm::Sha256Sess;
    if (chars::iequals(algorithm, "SHA-512-256")) return DigestAlgorithm::Sha512_256;
    if (chars::iequals(algorithm, "SHA-512-256-sess")) return DigestAlgorithm::Sha512_256Sess;
    return DigestAlgorithm::Other;
}

bool AuthHeader::qop_offers(std::string_view token) const {
    std::string_view rest = qop;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        if (chars::iequals(trim_lws(rest.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    return false;
}

Result<AuthHeader> parse_credentials(std::string_view value, HeaderId header) {
    if (header != HeaderId::ProxyAuthorization) header = HeaderId::Authorization;
    return parse_scheme_value(value, Role::Credentials, header);
}

Result<AuthHeader> parse_challenge(std::string_view value, HeaderId header) {
    if (header != HeaderId::ProxyAuthenticate) header = HeaderId::WwwAuthenticate;
    return parse_scheme_value(value, Role::Challenge, header);
}

Result<AuthHeader> parse_authentication_info(std::string_view value) {
    AuthHeader out;
    out.params = trim_lws(value);
    if (out.params.empty()) return bad_request("Authentication-Info: empty value");
    return read_directives(out, Role::Info, HeaderId::AuthenticationInfo);
}

}  // namespace dialtone::message
