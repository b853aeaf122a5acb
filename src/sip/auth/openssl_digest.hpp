#pragma once
// One-shot hashing and HMAC over OpenSSL's MD5 and SHA-256 functions, whose contexts live on
// the stack: no fetch, lock or allocation per call, as EVP would cost.

#include <cstddef>
#include <initializer_list>
#include <string_view>

#include "dialtone/sip/auth/algorithm.hpp"

namespace dialtone::auth::detail {

// Hashes the concatenation of `parts` into `out` (at least 32 bytes); returns the digest
// length, or 0 if OpenSSL failed.
std::size_t hash_parts(Algorithm a, std::initializer_list<std::string_view> parts,
                       unsigned char* out);

// HMAC-SHA256(key, data) into `out` (32 bytes); false if OpenSSL failed. The keyed state is
// kept per thread and reused while the key stays the same.
bool hmac_sha256(const unsigned char* key, std::size_t key_len, std::string_view data,
                 unsigned char* out);
// The same over the concatenation of `parts`, without joining them first.
bool hmac_sha256(const unsigned char* key, std::size_t key_len,
                 std::initializer_list<std::string_view> parts, unsigned char* out);

}  // namespace dialtone::auth::detail
