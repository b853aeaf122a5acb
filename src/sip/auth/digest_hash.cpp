#include "dialtone/sip/auth/digest_hash.hpp"

#include "sip/auth/hex.hpp"
#include "sip/auth/openssl_digest.hpp"

namespace dialtone::auth {

HexDigest make_hex_digest(const unsigned char* bytes, std::size_t n) {
    HexDigest d;
    if (n > d.chars_.size() / 2) n = d.chars_.size() / 2;
    detail::write_hex(bytes, n, d.chars_.data());
    d.size_ = 2 * n;
    return d;
}

namespace {

// An OpenSSL failure gives an empty digest, which no response can equal.
HexDigest hash_of(Algorithm a, std::initializer_list<std::string_view> parts) {
    unsigned char raw[32];
    const std::size_t n = detail::hash_parts(a, parts, raw);
    return make_hex_digest(raw, n);
}

}  // namespace

HexDigest hash_hex(Algorithm a, std::string_view data) {
    return hash_of(a, {data});
}

HexDigest compute_ha1(Algorithm a, std::string_view username, std::string_view realm,
                      std::string_view password) {
    return hash_of(a, {username, ":", realm, ":", password});
}

HexDigest compute_response(Algorithm a, std::string_view ha1_hex, const DigestInputs& in) {
    // A2 = Method ":" digest-uri [":" H(entity-body)] (RFC 7616 §3.4.3).
    const HexDigest ha2 =
        in.qop == "auth-int"
            ? hash_of(a, {in.method, ":", in.uri, ":", hash_hex(a, in.body).view()})
            : hash_of(a, {in.method, ":", in.uri});
    if (in.qop.empty()) return hash_of(a, {ha1_hex, ":", in.nonce, ":", ha2.view()});
    return hash_of(
        a, {ha1_hex, ":", in.nonce, ":", in.nc, ":", in.cnonce, ":", in.qop, ":", ha2.view()});
}

}  // namespace dialtone::auth
