#include "dialtone/sip/auth/nonce_key.hpp"

#include <openssl/rand.h>

#include "sip/auth/hex.hpp"

namespace dialtone::auth {

std::optional<NonceKey> NonceKey::generate() {
    NonceKey k;
    if (RAND_bytes(k.bytes.data(), static_cast<int>(k.bytes.size())) != 1) return std::nullopt;
    return k;
}

std::string NonceKey::to_hex() const {
    std::string out(2 * kSize, '0');
    detail::write_hex(bytes.data(), kSize, out.data());
    return out;
}

std::optional<NonceKey> NonceKey::from_hex(std::string_view hex) {
    if (hex.size() != 2 * kSize) return std::nullopt;
    NonceKey k;
    for (std::size_t i = 0; i < kSize; ++i) {
        const int hi = detail::hex_digit_value(hex[2 * i]);
        const int lo = detail::hex_digit_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        k.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return k;
}

}  // namespace dialtone::auth
