#include "dialtone/sip/auth/nonce_minter.hpp"

#include <openssl/crypto.h>

#include <array>

#include "sip/auth/base64url.hpp"
#include "sip/auth/openssl_digest.hpp"

namespace dialtone::auth {

namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kPayload = 1 + 8 + 8;
constexpr std::size_t kTag = 16;
constexpr std::size_t kRaw = kPayload + kTag;  // 33 octets: 44 base64url characters

static_assert(kRaw % 3 == 0 && kRaw / 3 * 4 == NonceMinter::kNonceLength);

void put_be64(std::uint8_t* p, std::uint64_t v) {
    for (int i = 7; i >= 0; --i) {
        p[i] = static_cast<std::uint8_t>(v & 0xff);
        v >>= 8;
    }
}

std::uint64_t get_be64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | p[i];
    return v;
}

// HMAC-SHA256(key, payload | realm), truncated to kTag octets.
bool tag_of(const NonceKey& key, const std::uint8_t* payload, std::string_view realm,
            std::uint8_t* tag) {
    unsigned char mac[32];
    if (!detail::hmac_sha256(
            key.bytes.data(), key.bytes.size(),
            {std::string_view(reinterpret_cast<const char*>(payload), kPayload), realm}, mac)) {
        return false;
    }
    std::copy(mac, mac + kTag, tag);
    return true;
}

}  // namespace

std::string NonceMinter::mint(std::string_view realm, Instant now) {
    std::array<std::uint8_t, kRaw> raw{};
    raw[0] = kVersion;
    put_be64(raw.data() + 1, static_cast<std::uint64_t>(now.time_since_epoch().count()));
    put_be64(raw.data() + 9, next_sequence_++);
    // A failed HMAC leaves a zero tag: the nonce will not verify and the client gets
    // another challenge, which is the safe way to fail.
    tag_of(key_, raw.data(), realm, raw.data() + kPayload);
    return detail::base64url_encode(raw.data(), raw.size());
}

NonceCheck NonceMinter::check(std::string_view nonce, std::string_view realm, Instant now,
                              Duration lifetime) const {
    NonceCheck out;
    if (nonce.size() != kNonceLength) return out;
    std::array<std::uint8_t, kRaw> raw{};
    if (detail::base64url_decode(nonce, raw.data(), raw.size()) !=
        static_cast<std::ptrdiff_t>(kRaw)) {
        return out;
    }
    if (raw[0] != kVersion) return out;
    std::array<std::uint8_t, kTag> expected{};
    if (!tag_of(key_, raw.data(), realm, expected.data())) return out;
    if (CRYPTO_memcmp(expected.data(), raw.data() + kPayload, kTag) != 0) return out;

    out.id.minted_ms = static_cast<std::int64_t>(get_be64(raw.data() + 1));
    out.id.sequence = get_be64(raw.data() + 9);
    const Instant minted{Duration(out.id.minted_ms)};
    const bool too_old = minted < now - lifetime;
    const bool from_future = minted > now + kMaxSkew;
    out.state = too_old || from_future ? NonceState::Expired : NonceState::Valid;
    return out;
}

}  // namespace dialtone::auth
