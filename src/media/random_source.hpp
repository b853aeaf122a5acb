#pragma once
// Randomness is injected (DESIGN.md §2.1): RFC 3550 wants random SSRCs (§8.1), initial
// sequence numbers and timestamps (§5.1), and a randomized RTCP interval (§6.3.1). The UA
// passes a source backed by a CSPRNG; tests pass a seeded generator, so runs repeat.

#include <cstdint>
#include <functional>

namespace dialtone::media {

// Each call returns 32 uniformly distributed random bits.
using RandomSource = std::function<std::uint32_t()>;

// A uniform draw in [0, 1).
inline double uniform_unit(const RandomSource& random) {
    return static_cast<double>(random()) / 4294967296.0;
}

}  // namespace dialtone::media
