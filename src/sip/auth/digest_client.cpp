#include "dialtone/sip/auth/digest_client.hpp"

#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

#include "dialtone/sip/auth/digest_hash.hpp"
#include "dialtone/sip/message/digest.hpp"
#include "dialtone/sip/message/quoted_string.hpp"
#include "sip/auth/directive_text.hpp"
#include "sip/auth/hex.hpp"

namespace dialtone::auth {

namespace {

using message::DigestField;

message::ParseError no_answer(std::string_view why) {
    message::ParseError e;
    e.status = 0;  // nothing to answer: this is a client-side refusal
    e.what = why;
    e.malformed = false;
    return e;
}

}  // namespace

CnonceSource random_cnonce_source() {
    return [] {
        unsigned char bytes[16];
        if (RAND_bytes(bytes, sizeof bytes) != 1) {
            throw std::runtime_error("RAND_bytes failed: no randomness for a cnonce");
        }
        std::string out(2 * sizeof bytes, '0');
        detail::write_hex(bytes, sizeof bytes, out.data());
        return out;
    };
}

DigestClient::DigestClient(ClientCredentials credentials, CnonceSource cnonce)
    : credentials_(std::move(credentials)), cnonce_(std::move(cnonce)) {}

DigestClient::Cached* DigestClient::cached(std::string_view realm) {
    for (Cached& c : cache_)
        if (c.realm == realm) return &c;
    return nullptr;
}

message::Result<ClientAnswer> DigestClient::answer(const message::Message& response,
                                                   std::string_view method,
                                                   std::string_view digest_uri,
                                                   std::string_view body) {
    const AuthKind kind = response.status() == 407 ? AuthKind::Proxy : AuthKind::Www;
    const message::HeaderId id = challenge_header(kind);
    std::vector<std::string_view> values;
    for (std::size_t i = 0; i < response.slot_count(); ++i) {
        const message::HeaderSlot& slot = response.slot(i);
        if (slot.id == id && !slot.removed) values.push_back(response.value_of(slot));
    }
    return answer(values, kind, method, digest_uri, body);
}

message::Result<ClientAnswer> DigestClient::answer(std::span<const std::string_view> challenges,
                                                   AuthKind kind, std::string_view method,
                                                   std::string_view digest_uri,
                                                   std::string_view body) {
    // The best challenge we can answer: SHA-256 over MD5 (RFC 8760 §2.4), first one on a
    // tie. Challenges we cannot answer are skipped, not errors: the server may offer
    // algorithms from the future next to ones we know.
    std::optional<message::AuthHeader> best;
    Algorithm best_algorithm = Algorithm::Md5;
    std::string best_realm;
    std::string_view best_qop;
    for (std::string_view value : challenges) {
        auto parsed = message::parse_challenge(value, challenge_header(kind));
        if (!parsed || !parsed->digest || parsed->userhash) continue;
        const auto algorithm = supported_algorithm(parsed->digest_algorithm());
        if (!algorithm) continue;
        std::string storage;
        const std::string realm(detail::plain(parsed->realm, storage));
        if (!credentials_.realm.empty() && realm != credentials_.realm) continue;
        if (credentials_.password.empty()) {
            // HA1s are bound to the realm they were computed for.
            if (credentials_.realm.empty()) continue;
            const std::string& ha1 =
                *algorithm == Algorithm::Md5 ? credentials_.ha1_md5 : credentials_.ha1_sha256;
            if (ha1.size() != hex_length(*algorithm)) continue;
        }
        std::string_view qop;
        if (parsed->has(DigestField::Qop)) {
            if (parsed->qop_offers("auth")) {
                qop = "auth";
            } else if (parsed->qop_offers("auth-int")) {
                qop = "auth-int";
            } else {
                continue;
            }
        }
        if (best && !(*algorithm == Algorithm::Sha256 && best_algorithm == Algorithm::Md5)) {
            continue;
        }
        best = *parsed;
        best_algorithm = *algorithm;
        best_realm = realm;
        best_qop = qop;
    }
    if (!best) return no_answer("no Digest challenge this client can answer");

    Cached* entry = cached(best_realm);
    if (entry == nullptr) {
        if (cache_.size() == kMaxRealms) cache_.erase(cache_.begin());
        cache_.push_back(Cached{});
        entry = &cache_.back();
        entry->realm = best_realm;
    }
    std::string storage;
    const std::string_view nonce = detail::plain(best->nonce, storage);
    if (entry->nonce != nonce) {
        entry->nonce = std::string(nonce);
        entry->nc = 0;  // nc counts per nonce (RFC 7616 §3.4)
    }
    entry->kind = kind;
    entry->algorithm = best_algorithm;
    entry->qop = std::string(best_qop);
    entry->has_opaque = best->has(DigestField::Opaque);
    entry->opaque = std::string(detail::plain(best->opaque, storage));
    return build(*entry, method, digest_uri, body);
}

std::optional<ClientAnswer> DigestClient::reuse(std::string_view realm, std::string_view method,
                                                std::string_view digest_uri,
                                                std::string_view body) {
    Cached* entry = cached(realm);
    if (entry == nullptr || entry->qop.empty()) return std::nullopt;
    return build(*entry, method, digest_uri, body);
}

ClientAnswer DigestClient::build(Cached& c, std::string_view method, std::string_view digest_uri,
                                 std::string_view body) {
    ClientAnswer out;
    out.header = credentials_header(c.kind);
    out.realm = c.realm;
    out.algorithm = c.algorithm;

    const HexDigest computed =
        compute_ha1(c.algorithm, credentials_.username, c.realm, credentials_.password);
    const std::string_view ha1 = !credentials_.password.empty() ? computed.view()
                                 : c.algorithm == Algorithm::Md5
                                     ? std::string_view(credentials_.ha1_md5)
                                     : std::string_view(credentials_.ha1_sha256);

    std::string cnonce;
    char nc[9] = {};
    DigestInputs in;
    in.method = method;
    in.uri = digest_uri;
    in.nonce = c.nonce;
    in.qop = c.qop;
    in.body = body;
    if (!c.qop.empty()) {
        out.nc = ++c.nc;
        std::snprintf(nc, sizeof nc, "%08x", out.nc);
        cnonce = cnonce_();
        in.nc = std::string_view(nc, 8);
        in.cnonce = cnonce;
    }
    const HexDigest response = compute_response(c.algorithm, ha1, in);

    std::string& v = out.value;
    v = "Digest username=" + message::quote_string(credentials_.username);
    v += ", realm=" + message::quote_string(c.realm);
    v += ", nonce=" + message::quote_string(c.nonce);
    v += ", uri=" + message::quote_string(digest_uri);
    v += ", response=\"";
    v += response.view();
    v += "\", algorithm=";
    v += algorithm_name(c.algorithm);
    if (!c.qop.empty()) {
        v += ", cnonce=" + message::quote_string(cnonce);
        v += ", qop=" + c.qop;
        v += ", nc=";
        v += std::string_view(nc, 8);
    }
    if (c.has_opaque) v += ", opaque=" + message::quote_string(c.opaque);
    return out;
}

}  // namespace dialtone::auth
