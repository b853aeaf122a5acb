#pragma once
// Stateless nonces (RFC 7616 §3.3 "nonce", §5.4-5.5): the nonce carries the instant it was
// minted and a sequence number, authenticated by HMAC-SHA256 under the server's NonceKey.
// The server keeps no per-nonce state to check one, and nonces survive a restart as long
// as the key does.
//
// Layout, base64url without padding (44 characters):
//   version (1 octet, 1) | minted, Unix ms (8, big-endian) | sequence (8, big-endian)
//   | first 16 octets of HMAC-SHA256(key, those 17 octets | realm)
// The MAC covers:
//   - the time, so a client cannot extend a nonce's life;
//   - the realm, so a nonce minted for one domain is useless in another one the same
//     server hosts (each domain is its own protection space, RFC 7616 §3.3);
//   - the sequence, which makes every nonce unique even when two are minted in the same
//     millisecond, so nonce-count tracking (nonce_count_table.hpp) never mixes up two
//     clients that would otherwise share a nonce.
// Not covered, on purpose: the client's address (NAT rebinding and TCP/UDP switches would
// turn into spurious failures) and the algorithm (the SHA-256 and MD5 challenges of one
// 401 share a nonce, RFC 8760 §2.4 allows it).
// A 128-bit tag is far beyond what an online attacker can guess.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/auth/instant.hpp"
#include "dialtone/sip/auth/nonce_key.hpp"

namespace dialtone::auth {

// What identifies a nonce once its MAC checked out.
struct NonceId {
    std::int64_t minted_ms = 0;
    std::uint64_t sequence = 0;
    friend auto operator<=>(const NonceId&, const NonceId&) = default;
};

enum class NonceState : std::uint8_t {
    Valid,
    Expired,  // authentic, but older than the lifetime (or minted in the future)
    Invalid,  // not ours: bad encoding, wrong MAC, other realm, or an older key
};

struct NonceCheck {
    NonceState state = NonceState::Invalid;
    NonceId id;  // meaningful unless Invalid
};

class NonceMinter {
  public:
    // `sequence_start` seeds the sequence counter; minters that share a key (one per
    // worker) should start far apart, e.g. from random bytes or worker_index << 48.
    NonceMinter(const NonceKey& key, std::uint64_t sequence_start = 0)
        : key_(key), next_sequence_(sequence_start) {}

    std::string mint(std::string_view realm, Instant now);

    // Valid when authentic for `realm` and minted within [now - lifetime, now + kMaxSkew].
    NonceCheck check(std::string_view nonce, std::string_view realm, Instant now,
                     Duration lifetime) const;

    // Tolerated time a nonce may claim to come from the future (clock steps between
    // workers or across a restart); anything later is Expired.
    static constexpr Duration kMaxSkew{5000};
    static constexpr std::size_t kNonceLength = 44;

  private:
    NonceKey key_;
    std::uint64_t next_sequence_;
};

}  // namespace dialtone::auth
