#pragma once
// A fast seeded 64-bit hash of a matching key, eight bytes per step. Keys are short (a branch,
// a host, a method: 30-70 bytes), so this beats a byte-at-a-time hash by several times. Not
// a cryptographic hash: the index compares whole keys on every hit, so a collision costs a
// probe, never a wrong match, and the per-process seed keeps collisions from being chosen.

#include <cstdint>
#include <cstring>
#include <string_view>

namespace dialtone::transaction::detail {

inline std::uint64_t mix64(std::uint64_t x) {
    // splitmix64's finalizer: a bijection with good avalanche.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

inline std::uint64_t hash_key(std::string_view key, std::uint64_t seed) {
    constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;
    std::uint64_t h = seed ^ (key.size() * kMul);
    const char* p = key.data();
    std::size_t n = key.size();
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * kMul;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n != 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * kMul;
        h ^= h >> 29;
    }
    return mix64(h);
}

}  // namespace dialtone::transaction::detail
