#pragma once
// The server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760), sans-I/O:
// the caller passes the time, the key and the users; nothing here reads a clock, a socket
// or /dev/random.
//
//   DigestServer auth(key, users, config);
//   Verdict v = auth.verify(request, AuthKind::Www, "example.test", now);
//   if (!v.ok()) {
//       int status = response_status(v.outcome, AuthKind::Www);
//       if (status == 401) auth.add_challenges(resp, AuthKind::Www, "example.test", now,
//                                             challenge_is_stale(v.outcome));
//   }
//
// Not thread-safe (it counts nonces and remembers nonce-counts): one per worker, sharing
// the key and the user map. A replayed request that lands on another worker is then caught
// only by nonce expiry.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/auth/auth_kind.hpp"
#include "dialtone/sip/auth/credentials.hpp"
#include "dialtone/sip/auth/digest_hash.hpp"
#include "dialtone/sip/auth/instant.hpp"
#include "dialtone/sip/auth/nonce_count_table.hpp"
#include "dialtone/sip/auth/nonce_key.hpp"
#include "dialtone/sip/auth/nonce_minter.hpp"
#include "dialtone/sip/auth/outcome.hpp"
#include "dialtone/sip/message/digest.hpp"
#include "dialtone/sip/message/message.hpp"

namespace dialtone::auth {

struct DigestServerConfig {
    // How long a nonce may be used. Kamailio's default; a phone re-registering every hour
    // answers one stale challenge, transparently.
    Duration nonce_lifetime = std::chrono::minutes(5);
    // Accept RFC 2069 responses (no qop, hence no cnonce and no nonce-count). Default: no.
    // We always offer qop="auth", and RFC 2617 §3.2.2 requires a client that sees qop to
    // use it, so only pre-1999 clients (or a downgrade) answer without; and without a
    // nonce-count the server cannot tell a replay within the nonce lifetime. Refused
    // responses are Malformed (400).
    bool allow_without_qop = false;
    bool offer_sha256 = true;
    bool offer_md5 = true;
    // Also offer (and accept) qop=auth-int, which covers the body. Few SIP clients do it.
    bool offer_auth_int = false;
    // Sent in every challenge when not empty, and then required back unchanged
    // (RFC 7616 §3.3); a mismatch is treated like a nonce that is not ours.
    std::string opaque;
    std::size_t max_tracked_nonces = NonceCountTable::kDefaultCapacity;
    // The table nonce-counts are recorded in, shared by every DigestServer that verifies
    // the same nonces (one per worker); when null the server makes one of its own from
    // nonce_lifetime and max_tracked_nonces.
    std::shared_ptr<NonceCountTable> shared_counts;
    // See NonceMinter.
    std::uint64_t nonce_sequence_start = 0;
};

class DigestServer {
  public:
    // `users` must outlive the server (the runtime swaps what it points at under its own
    // rules; see set_users).
    DigestServer(const NonceKey& key, const CredentialLookup& users,
                 DigestServerConfig config = {});

    void set_users(const CredentialLookup& users) { users_ = &users; }
    const DigestServerConfig& config() const { return config_; }

    // One challenge per offered algorithm, SHA-256 first (RFC 8760 §2.4), all with the same
    // fresh nonce: `Digest realm="...", nonce="...", qop="auth", algorithm=SHA-256[,
    // opaque="..."][, stale=true]`.
    std::vector<std::string> challenges(std::string_view realm, Instant now, bool stale = false);
    // Adds them to a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) response.
    void add_challenges(message::Message& response, AuthKind kind, std::string_view realm,
                        Instant now, bool stale = false);

    // Checks the request's Authorization (Www) or Proxy-Authorization (Proxy) credentials
    // for `realm`. Credentials for other realms are ignored (they may be for another proxy,
    // RFC 3261 §22.3); the first for `realm` is the one judged.
    Verdict verify(const message::Message& request, AuthKind kind, std::string_view realm,
                   Instant now);

    // The same for one parsed credentials value whose realm the caller already matched.
    Verdict verify_credentials(const message::AuthHeader& credentials, std::string_view method,
                               std::string_view request_uri, std::string_view body,
                               std::string_view realm, Instant now);

    std::size_t tracked_nonces() const { return counts_->size(); }

  private:
    NonceKey key_;
    const CredentialLookup* users_;
    DigestServerConfig config_;
    NonceMinter minter_;
    std::shared_ptr<NonceCountTable> counts_;
    // Stand-ins compared against when the user is unknown, so that path costs the same as
    // a wrong password. Derived from the key, so not guessable.
    UserCredentials unknown_user_;
};

}  // namespace dialtone::auth
