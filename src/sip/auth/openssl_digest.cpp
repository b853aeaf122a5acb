#include "sip/auth/openssl_digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace dialtone::auth::detail {

namespace {

const EVP_MD* fetch(const char* name, const EVP_MD* legacy) {
    const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
    return md ? md : legacy;
}

const EVP_MD* md_for(Algorithm a) {
    static const EVP_MD* const md5 = fetch("MD5", EVP_md5());
    static const EVP_MD* const sha256 = fetch("SHA2-256", EVP_sha256());
    return a == Algorithm::Md5 ? md5 : sha256;
}

struct ThreadContext {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~ThreadContext() { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::size_t hash_parts(Algorithm a, std::initializer_list<std::string_view> parts,
                       unsigned char* out) {
    thread_local ThreadContext holder;
    EVP_MD_CTX* ctx = holder.ctx;
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, md_for(a), nullptr) != 1) return 0;
    for (std::string_view p : parts)
        if (!p.empty() && EVP_DigestUpdate(ctx, p.data(), p.size()) != 1) return 0;
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(ctx, out, &n) != 1) return 0;
    return n;
}

namespace {

// HMAC (RFC 2104) over SHA-256 with the key's inner and outer pads hashed once and the two
// keyed states copied per call. OpenSSL's one-shot HMAC() fetches the MAC, allocates a
// context and re-derives the pads on every call, which cost as much as the rest of a
// nonce check; a server uses one key for all its nonces.
class KeyedHmac {
  public:
    KeyedHmac() = default;
    ~KeyedHmac() {
        EVP_MD_CTX_free(inner_);
        EVP_MD_CTX_free(outer_);
        EVP_MD_CTX_free(work_);
    }
    KeyedHmac(const KeyedHmac&) = delete;
    KeyedHmac& operator=(const KeyedHmac&) = delete;

    bool mac(const unsigned char* key, std::size_t key_len, std::string_view data,
             unsigned char* out) {
        if (!keyed_for(key, key_len) && !rekey(key, key_len)) return false;
        unsigned char inner_hash[32];
        unsigned int n = 0;
        if (EVP_MD_CTX_copy_ex(work_, inner_) != 1 ||
            (!data.empty() && EVP_DigestUpdate(work_, data.data(), data.size()) != 1) ||
            EVP_DigestFinal_ex(work_, inner_hash, &n) != 1 || n != 32) {
            return false;
        }
        return EVP_MD_CTX_copy_ex(work_, outer_) == 1 &&
               EVP_DigestUpdate(work_, inner_hash, sizeof inner_hash) == 1 &&
               EVP_DigestFinal_ex(work_, out, &n) == 1 && n == 32;
    }

  private:
    static constexpr std::size_t kBlock = 64;  // SHA-256's block size

    bool keyed_for(const unsigned char* key, std::size_t key_len) const {
        return valid_ && key_len == key_len_ && std::memcmp(key, key_.data(), key_len) == 0;
    }

    bool rekey(const unsigned char* key, std::size_t key_len) {
        valid_ = false;
        if (!inner_) inner_ = EVP_MD_CTX_new();
        if (!outer_) outer_ = EVP_MD_CTX_new();
        if (!work_) work_ = EVP_MD_CTX_new();
        if (!inner_ || !outer_ || !work_) return false;
        // RFC 2104 §2: a key longer than the block is hashed first; then zero-padded.
        std::array<unsigned char, kBlock> block{};
        if (key_len > kBlock) {
            if (hash_parts(Algorithm::Sha256,
                           {std::string_view(reinterpret_cast<const char*>(key), key_len)},
                           block.data()) != 32) {
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
        const EVP_MD* md = md_for(Algorithm::Sha256);
        if (EVP_DigestInit_ex(inner_, md, nullptr) != 1 ||
            EVP_DigestUpdate(inner_, ipad.data(), kBlock) != 1 ||
            EVP_DigestInit_ex(outer_, md, nullptr) != 1 ||
            EVP_DigestUpdate(outer_, opad.data(), kBlock) != 1) {
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

    EVP_MD_CTX* inner_ = nullptr;
    EVP_MD_CTX* outer_ = nullptr;
    EVP_MD_CTX* work_ = nullptr;
    std::array<unsigned char, 128> key_{};
    std::size_t key_len_ = 0;
    bool valid_ = false;
};

}  // namespace

bool hmac_sha256(const unsigned char* key, std::size_t key_len, std::string_view data,
                 unsigned char* out) {
    thread_local KeyedHmac keyed;
    return keyed.mac(key, key_len, data, out);
}

}  // namespace dialtone::auth::detail
