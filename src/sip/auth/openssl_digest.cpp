#include "sip/auth/openssl_digest.hpp"

// OpenSSL 3 marks the one-algorithm functions deprecated in favour of EVP, but keeps them,
// and they are what makes a hash here cheap: a context is a plain struct that is copied by
// assignment, where an EVP context copy goes through the provider and allocates.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace dialtone::auth::detail {

std::size_t hash_parts(Algorithm a, std::initializer_list<std::string_view> parts,
                       unsigned char* out) {
    if (a == Algorithm::Md5) {
        MD5_CTX ctx;
        if (MD5_Init(&ctx) != 1) return 0;
        for (std::string_view p : parts)
            if (!p.empty() && MD5_Update(&ctx, p.data(), p.size()) != 1) return 0;
        return MD5_Final(out, &ctx) == 1 ? MD5_DIGEST_LENGTH : 0;
    }
    SHA256_CTX ctx;
    if (SHA256_Init(&ctx) != 1) return 0;
    for (std::string_view p : parts)
        if (!p.empty() && SHA256_Update(&ctx, p.data(), p.size()) != 1) return 0;
    return SHA256_Final(out, &ctx) == 1 ? SHA256_DIGEST_LENGTH : 0;
}

namespace {

// HMAC (RFC 2104) over SHA-256 with the key's inner and outer pads hashed once and the two
// keyed states copied per call. OpenSSL's one-shot HMAC() fetches the MAC, allocates a
// context and re-derives the pads on every call, which cost as much as the rest of a
// nonce check; a server uses one key for all its nonces.
class KeyedHmac {
  public:
    bool mac(const unsigned char* key, std::size_t key_len,
             std::initializer_list<std::string_view> parts, unsigned char* out) {
        if (!keyed_for(key, key_len) && !rekey(key, key_len)) return false;
        unsigned char inner_hash[SHA256_DIGEST_LENGTH];
        SHA256_CTX work = inner_;
        for (std::string_view p : parts)
            if (!p.empty() && SHA256_Update(&work, p.data(), p.size()) != 1) return false;
        if (SHA256_Final(inner_hash, &work) != 1) return false;
        work = outer_;
        return SHA256_Update(&work, inner_hash, sizeof inner_hash) == 1 &&
               SHA256_Final(out, &work) == 1;
    }

  private:
    static constexpr std::size_t kBlock = SHA256_CBLOCK;

    bool keyed_for(const unsigned char* key, std::size_t key_len) const {
        return valid_ && key_len == key_len_ && std::memcmp(key, key_.data(), key_len) == 0;
    }

    bool rekey(const unsigned char* key, std::size_t key_len) {
        valid_ = false;
        // RFC 2104 §2: a key longer than the block is hashed first; then zero-padded.
        std::array<unsigned char, kBlock> block{};
        if (key_len > kBlock) {
            if (hash_parts(Algorithm::Sha256,
                           {std::string_view(reinterpret_cast<const char*>(key), key_len)},
                           block.data()) != SHA256_DIGEST_LENGTH) {
                return false;
            }
        } else {
            std::copy(key, key + key_len, block.begin());
        }
        std::array<unsigned char, kBlock> ipad{}, opad{};
        for (std::size_t i = 0; i < kBlock; ++i) {
            ipad[i] = static_cast<unsigned char>(block[i] ^ 0x36);
            opad[i] = static_cast<unsigned char>(block[i] ^ 0x5c);
        }
        if (SHA256_Init(&inner_) != 1 || SHA256_Update(&inner_, ipad.data(), kBlock) != 1 ||
            SHA256_Init(&outer_) != 1 || SHA256_Update(&outer_, opad.data(), kBlock) != 1) {
            return false;
        }
        // A key too long to remember is re-derived on every call.
        if (key_len <= key_.size()) {
            std::copy(key, key + key_len, key_.begin());
            key_len_ = key_len;
            valid_ = true;
        }
        return true;
    }

    SHA256_CTX inner_{};
    SHA256_CTX outer_{};
    std::array<unsigned char, 128> key_{};
    std::size_t key_len_ = 0;
    bool valid_ = false;
};

}  // namespace

bool hmac_sha256(const unsigned char* key, std::size_t key_len,
                 std::initializer_list<std::string_view> parts, unsigned char* out) {
    thread_local KeyedHmac keyed;
    return keyed.mac(key, key_len, parts, out);
}

bool hmac_sha256(const unsigned char* key, std::size_t key_len, std::string_view data,
                 unsigned char* out) {
    return hmac_sha256(key, key_len, {data}, out);
}

}  // namespace dialtone::auth::detail
