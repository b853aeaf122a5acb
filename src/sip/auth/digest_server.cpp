#include "dialtone/sip/auth/digest_server.hpp"

#include <openssl/crypto.h>

#include <array>

#include "dialtone/sip/message/quoted_string.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "sip/auth/directive_text.hpp"
#include "sip/auth/openssl_digest.hpp"

namespace dialtone::auth {

namespace {

using message::DigestField;

// A fixed HA1 per algorithm for users that do not exist: HMAC(key, label) as hex.
std::string stand_in_ha1(const NonceKey& key, Algorithm a) {
    unsigned char mac[32] = {};
    detail::hmac_sha256(
        key.bytes.data(), key.bytes.size(),
        a == Algorithm::Md5 ? "dialtone unknown user MD5" : "dialtone unknown user SHA-256", mac);
    return std::string(make_hex_digest(mac, hex_length(a) / 2).view());
}

// RFC 2617 §3.2.2.5 / RFC 7616 §3.4 "uri": the digest-uri names the Request-URI. Written
// identically in nearly every request; otherwise compared as SIP URIs (RFC 3261 §19.1.4),
// so "sip:EXAMPLE.test" still matches "sip:example.test".
bool uri_matches(std::string_view digest_uri, std::string_view request_uri) {
    if (digest_uri == request_uri) return true;
    const auto a = message::parse_uri(digest_uri);
    const auto b = message::parse_uri(request_uri);
    return a.ok() && b.ok() && a->is_sip() && b->is_sip() && message::uri_equal(*a, *b);
}

// The response as sent, lower-cased into `out`; false when it is not `size` characters.
bool lowered_response(std::string_view response, std::size_t size, std::array<char, 64>& out) {
    if (response.size() != size || size > out.size()) return false;
    for (std::size_t i = 0; i < size; ++i) {
        const char c = response[i];
        out[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return true;
}

}  // namespace

DigestServer::DigestServer(const NonceKey& key, const CredentialLookup& users,
                           DigestServerConfig config)
    : key_(key),
      users_(&users),
      config_(std::move(config)),
      minter_(key, config_.nonce_sequence_start),
      counts_(config_.shared_counts ? config_.shared_counts
                                    : std::make_shared<NonceCountTable>(
                                          config_.nonce_lifetime, config_.max_tracked_nonces)) {
    unknown_user_.ha1_md5 = stand_in_ha1(key_, Algorithm::Md5);
    unknown_user_.ha1_sha256 = stand_in_ha1(key_, Algorithm::Sha256);
}

std::vector<std::string> DigestServer::challenges(std::string_view realm, Instant now, bool stale) {
    const std::string nonce = minter_.mint(realm, now);
    const std::string quoted_realm = message::quote_string(realm);
    const std::string_view qop = config_.offer_auth_int ? "auth,auth-int" : "auth";
    std::vector<std::string> out;
    out.reserve(2);
    for (Algorithm a : {Algorithm::Sha256, Algorithm::Md5}) {
        if (!(a == Algorithm::Sha256 ? config_.offer_sha256 : config_.offer_md5)) continue;
        // One string per challenge, sized once: a 401 goes out for every registration.
        std::string& v = out.emplace_back();
        v.reserve(96 + quoted_realm.size() + nonce.size() + config_.opaque.size() * 2);
        v.append("Digest realm=").append(quoted_realm);
        v.append(", nonce=\"").append(nonce).append("\", qop=\"").append(qop).append("\"");
        v.append(", algorithm=").append(algorithm_name(a));
        if (!config_.opaque.empty())
            v.append(", opaque=").append(message::quote_string(config_.opaque));
        if (stale) v.append(", stale=true");
    }
    return out;
}

void DigestServer::add_challenges(message::Message& response, AuthKind kind, std::string_view realm,
                                  Instant now, bool stale) {
    for (const std::string& value : challenges(realm, now, stale))
        response.add_header(challenge_header(kind), value);
}

Verdict DigestServer::verify(const message::Message& request, AuthKind kind, std::string_view realm,
                             Instant now) {
    const message::HeaderId id = credentials_header(kind);
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& slot = request.slot(i);
        if (slot.id != id || slot.removed) continue;
        const auto parsed = message::parse_credentials(request.value_of(slot), id);
        if (!parsed) {
            Verdict v;
            v.outcome = Outcome::Malformed;
            v.reason = parsed.error().what;
            return v;
        }
        if (!parsed->digest) continue;  // another scheme, maybe for another hop
        std::string storage;
        if (detail::plain(parsed->realm, storage) != realm) continue;
        return verify_credentials(*parsed, request.method_text(), request.request_uri_text(),
                                  request.body(), realm, now);
    }
    Verdict v;
    v.outcome = Outcome::NoCredentials;
    v.reason = "no credentials for this realm";
    return v;
}

Verdict DigestServer::verify_credentials(const message::AuthHeader& c, std::string_view method,
                                         std::string_view request_uri, std::string_view body,
                                         std::string_view realm, Instant now) {
    Verdict v;
    auto finish = [&v](Outcome o, std::string_view why) {
        v.outcome = o;
        v.reason = why;
        return std::move(v);
    };

    // 1. Everything that can be judged without the user's secret: the same for every
    //    username, so refusing here says nothing about who exists.
    if (c.username_extended) {
        auto decoded = detail::decode_ext_value(c.username);
        if (!decoded) return finish(Outcome::Malformed, "username* is not a UTF-8 ext-value");
        v.username = std::move(*decoded);
    } else {
        std::string storage;
        v.username = std::string(detail::plain(c.username, storage));
    }
    if (c.userhash) return finish(Outcome::Malformed, "userhash was not offered");
    const auto algorithm = supported_algorithm(c.digest_algorithm());
    if (!algorithm) return finish(Outcome::Malformed, "algorithm not supported");
    if (!(*algorithm == Algorithm::Sha256 ? config_.offer_sha256 : config_.offer_md5)) {
        return finish(Outcome::Malformed, "algorithm not offered");
    }
    v.algorithm = *algorithm;

    std::string_view qop;
    if (c.has(DigestField::Qop)) {
        if (detail::iequals(c.qop, "auth")) {
            qop = "auth";
        } else if (config_.offer_auth_int && detail::iequals(c.qop, "auth-int")) {
            qop = "auth-int";
        } else {
            return finish(Outcome::Malformed, "qop not offered");
        }
        if (c.nonce_count == 0) return finish(Outcome::Malformed, "nc must start at 00000001");
    } else if (!config_.allow_without_qop) {
        return finish(Outcome::Malformed, "qop missing (RFC 2069 responses are refused)");
    }

    std::string uri_storage, nonce_storage, cnonce_storage, opaque_storage;
    const std::string_view uri = detail::plain(c.uri, uri_storage);
    if (!uri_matches(uri, request_uri)) {
        return finish(Outcome::Malformed, "uri does not match the Request-URI");
    }
    std::array<char, 64> response{};
    if (!lowered_response(c.response, hex_length(*algorithm), response)) {
        return finish(Outcome::Malformed, "response has the wrong length for the algorithm");
    }

    const std::string_view nonce = detail::plain(c.nonce, nonce_storage);
    const NonceCheck nonce_check = minter_.check(nonce, realm, now, config_.nonce_lifetime);
    const bool opaque_ok =
        config_.opaque.empty() ||
        (c.has(DigestField::Opaque) && detail::plain(c.opaque, opaque_storage) == config_.opaque);

    // 2. The digest. An unknown user is checked against a stand-in HA1 so that the work
    //    (lookup, two hashes, constant-time compare) is the same as for a wrong password.
    const UserCredentials* user = users_->find(v.username, realm);
    std::string_view ha1 = user ? user->ha1(*algorithm) : std::string_view{};
    const bool known = ha1.size() == hex_length(*algorithm);
    if (!known) ha1 = unknown_user_.ha1(*algorithm);
    DigestInputs in;
    in.method = method;
    in.uri = uri;
    in.nonce = nonce;
    in.nc = c.nc;
    in.cnonce = detail::plain(c.cnonce, cnonce_storage);
    in.qop = qop;
    in.body = body;
    const HexDigest expected = compute_response(*algorithm, ha1, in);
    const bool match =
        expected.view().size() == hex_length(*algorithm) &&
        CRYPTO_memcmp(expected.view().data(), response.data(), hex_length(*algorithm)) == 0;
    if (!known) return finish(Outcome::UnknownUser, "unknown user");
    if (!match) return finish(Outcome::WrongPassword, "wrong password");

    // 3. The client knows the password; is this nonce (and count) still good?
    if (!opaque_ok) return finish(Outcome::StaleNonce, "opaque does not match");
    if (nonce_check.state == NonceState::Invalid) {
        return finish(Outcome::StaleNonce, "nonce not issued by this server");
    }
    if (nonce_check.state == NonceState::Expired) {
        return finish(Outcome::StaleNonce, "nonce expired");
    }
    if (!qop.empty()) {
        switch (counts_->record(nonce_check.id, c.nonce_count, now)) {
            case NonceCountTable::Verdict::Fresh:
                break;
            case NonceCountTable::Verdict::Replay:
                return finish(Outcome::Replay, "nonce-count already used");
            case NonceCountTable::Verdict::Forgotten:
                return finish(Outcome::StaleNonce, "nonce no longer tracked");
        }
    }
    return finish(Outcome::Ok, "ok");
}

}  // namespace dialtone::auth
