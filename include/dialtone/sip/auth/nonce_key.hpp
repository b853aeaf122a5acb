#pragma once
// The server secret that authenticates nonces (see nonce_minter.hpp). Made once, stored in
// the database, and reloaded at start-up so nonces handed out before a restart stay valid.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::auth {

struct NonceKey {
    static constexpr std::size_t kSize = 32;  // HMAC-SHA256 key as long as its output
    std::array<std::uint8_t, kSize> bytes{};

    // 32 bytes from OpenSSL's CSPRNG (RAND_bytes). nullopt when the generator cannot be
    // seeded; a server should refuse to start then.
    static std::optional<NonceKey> generate();

    // 64 lower-case hex characters, for storing the key as text.
    std::string to_hex() const;
    // The inverse of to_hex (either case); nullopt unless exactly 64 hex digits.
    static std::optional<NonceKey> from_hex(std::string_view hex);
};

}  // namespace dialtone::auth
