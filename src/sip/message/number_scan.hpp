#pragma once
// Decimal numbers at the start of a header or URI piece, for the typed parsers' fast paths.

#include <bit>
#include <cstdint>
#include <cstring>

#include "sip/message/char_class.hpp"

namespace dialtone::message::number_scan {

// The digits at the start of the 8 octets at p (little-endian word): how many there are
// (0 to 8), and their value when there are 1 to 8. Octets are told apart by the high bit
// of (c - '0') | (c - '0' + 0x76): set exactly for a non-digit. A borrow or carry only
// moves toward later octets, so every octet up to the first non-digit reads right.
struct Digits8 {
    unsigned count;
    std::uint64_t value;
};

inline Digits8 digits8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t d = w - 0x3030303030303030u;
    const std::uint64_t stop = (d | (d + 0x7676767676767676u)) & 0x8080808080808080u;
    const unsigned count = stop == 0 ? 8 : static_cast<unsigned>(__builtin_ctzll(stop)) / 8;
    if (count == 0) return {0, 0};
    // The digits moved to the top octets, zeros (leading zeros) below them, then folded in
    // pairs, fours and eights.
    std::uint64_t v = d << (8 * (8 - count));
    v = (v * 10 + (v >> 8)) & 0x00ff00ff00ff00ffu;
    v = (v * 100 + (v >> 16)) & 0x0000ffff0000ffffu;
    v = (v * 10000 + (v >> 32)) & 0xffffffffu;
    return {count, v};
}

// A port of 1 to 5 digits at p, no larger than 65535 and not followed by another digit:
// the position after it, or nullptr. Longer runs (leading zeros past five digits) give
// nullptr too; the general parsers decide about those.
inline const char* parse_port(const char* p, const char* e, std::uint32_t& out) {
    if constexpr (std::endian::native == std::endian::little) {
        if (e - p >= 8) {
            const Digits8 r = digits8(p);
            if (r.count == 0 || r.count > 5 || r.value > 65535) return nullptr;
            out = static_cast<std::uint32_t>(r.value);
            return p + r.count;
        }
    }
    const char* const lim = e - p > 5 ? p + 5 : e;
    const char* q = p;
    std::uint32_t v = 0;
    while (q < lim) {
        const auto d = static_cast<std::uint32_t>(static_cast<unsigned char>(*q) - '0');
        if (d > 9) break;
        v = v * 10 + d;
        ++q;
    }
    if (q == p || v > 65535 || (q < e && chars::is_digit(*q))) return nullptr;
    out = v;
    return q;
}

}  // namespace dialtone::message::number_scan
