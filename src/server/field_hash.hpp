#pragma once
// A stable, fast hash over a sequence of message fields, for values that must be the same for
// a request and its retransmissions and differ between requests (stateless To tags, proxy
// branches, loop detection). Not a MAC: callers that need one mix in a secret.

#include <cstdint>
#include <string_view>

namespace dialtone::server {

// The FNV-1a offset basis: where a hash over fields starts.
inline constexpr std::uint64_t kFieldHashStart = 0xcbf29ce484222325ULL;

// FNV-1a over `field`, closed by a separator so ("ab","c") and ("a","bc") differ.
inline std::uint64_t mix_field(std::uint64_t h, std::string_view field) {
    for (char c : field) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    h *= 0x100000001b3ULL;
    return h;
}

// splitmix64's finalizer: spreads every input bit over all output bits.
inline std::uint64_t finalize_hash(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace dialtone::server
