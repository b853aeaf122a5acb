#include "sip/auth/openssl_digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

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

bool hmac_sha256(const unsigned char* key, std::size_t key_len, std::string_view data,
                 unsigned char* out) {
    unsigned int n = 0;
    return HMAC(md_for(Algorithm::Sha256), key, static_cast<int>(key_len),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
                &n) != nullptr &&
           n == 32;
}

}  // namespace dialtone::auth::detail
