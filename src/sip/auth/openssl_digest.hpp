#pragma once
// One-shot hashing and HMAC over OpenSSL 3 EVP, with the algorithms fetched once per process
// (an implicit fetch on every call costs a lock and a lookup) and one reusable context per
// thread.

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

}  // namespace dialtone::auth::detail
