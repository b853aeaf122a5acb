#pragma once
// Scans for the parser's hot loops: `find` looks for the first of a few delimiters 16
// octets at a time with SSE2 (octet by octet elsewhere), `run` walks a character class.
//
// Every scan takes the logical range [p, end) and a readable window [lo, hi) around it
// (lo <= p <= end <= hi). Loads never leave the window: when fewer than 16 octets remain
// before `hi`, the last block is loaded ending at `hi` and its mask shifted down, and a
// window shorter than 16 octets is scanned octet by octet. So ASan stays clean on any view.

#include <cstddef>
#include <cstdint>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sip/message/char_class.hpp"

namespace dialtone::message::span {

#if defined(__SSE2__)
inline __m128i load16(const char* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

inline __m128i splat(int c) {
    return _mm_set1_epi8(static_cast<char>(c));
}

// Octets in lo..hi (unsigned): shift the range down to start at -128, then one signed compare.
inline __m128i in_range(__m128i v, int lo, int hi) {
    return _mm_cmplt_epi8(_mm_add_epi8(v, splat(0x80 - lo)), splat(hi - lo + 1 - 128));
}

inline __m128i eq(__m128i v, int c) {
    return _mm_cmpeq_epi8(v, splat(c));
}

inline unsigned bits(__m128i m) {
    return static_cast<unsigned>(_mm_movemask_epi8(m));
}

#endif

// Stop sets. `vec` gives a 16-bit mask of the octets that stop the scan, `one` the same
// for a single octet.
template <char C>
struct Is {
#if defined(__SSE2__)
    static unsigned vec(__m128i v) {
        return bits(eq(v, C));
    }
#endif
    static bool one(char c) {
        return c == C;
    }
};

// The octets that matter when splitting a header value into list elements.
struct ListDelimiter {
#if defined(__SSE2__)
    static unsigned vec(__m128i v) {
        return bits(_mm_or_si128(eq(v, ','), _mm_or_si128(eq(v, '"'), eq(v, '<'))));
    }
#endif
    static bool one(char c) {
        return c == ',' || c == '"' || c == '<';
    }
};

// First position in [p, end) whose octet is in Stop, or `end`. Loads stay in [lo, hi).
template <class Stop>
inline const char* find(const char* p, const char* end, const char* lo, const char* hi) {
#if defined(__SSE2__)
    if (hi - lo >= 16) {
        while (p < end) {
            unsigned stop;
            if (hi - p >= 16) {
                stop = Stop::vec(load16(p));
            } else {
                stop = Stop::vec(load16(hi - 16)) >> (16 - (hi - p));
            }
            const auto left = end - p;
            if (left < 16) stop |= 1u << left;  // the logical end stops the scan too
            if (stop != 0) return p + __builtin_ctz(stop);
            p += 16;
        }
        return end;
    }
#else
    (void)lo;
    (void)hi;
#endif
    while (p < end && !Stop::one(*p))
        ++p;
    return p;
}

// The same with the logical range as the readable window.
template <class Stop>
inline const char* find(const char* p, const char* end) {
    return find<Stop>(p, end, p, end);
}

// Index form over a view: first index >= i of `s` whose octet is in Stop, or s.size().
template <class Stop>
inline std::size_t find(std::string_view s, std::size_t i) {
    const char* b = s.data();
    return static_cast<std::size_t>(find<Stop>(b + i, b + s.size(), b, b + s.size()) - b);
}

// First index >= i of `s` whose octet is not in the character class `mask` (chars::k*), or
// s.size(). Class runs in headers are short (a parameter name, a branch), where a table
// lookup per octet, four per loop turn, beats a vector compare against a dozen ranges.
inline std::size_t run(std::string_view s, std::size_t i, std::uint32_t mask) {
    const char* const p = s.data();
    const std::size_t n = s.size();
    auto in = [&](std::size_t k) {
        return (chars::kTable.bits[static_cast<unsigned char>(p[k])] & mask) != 0;
    };
    while (i + 4 <= n) {
        if (!in(i)) return i;
        if (!in(i + 1)) return i + 1;
        if (!in(i + 2)) return i + 2;
        if (!in(i + 3)) return i + 3;
        i += 4;
    }
    while (i < n && in(i))
        ++i;
    return i;
}

}  // namespace dialtone::message::span
