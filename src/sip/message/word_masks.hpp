#pragma once
// Bit masks of the "word" octets (alphanum, '-', '.') of a short header value or list, one
// vector pass per 16 octets. Most values are words separated by single delimiters
// ("<sip:bob@biloxi.example.com;lr>;tag=1"): a fast path walks them with bit scans, and
// classifies hosts from dot and hyphen masks without another look at the octets. Word
// octets are token, gen-value, host, user and param octets alike, so a fast path that meets
// only words and the delimiters it expects needs no per-octet checks; on anything else it
// gives up and the general parser runs. SSE2 only: without it the general parsers run.

#include <cstdint>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dialtone/sip/message/host.hpp"
#include "sip/message/host_scan.hpp"

namespace dialtone::message {

#if defined(__SSE2__)

// The word octets of the 16 octets in v, as a 16-bit mask.
inline unsigned word_bits(__m128i v) {
    return static_cast<unsigned>(_mm_movemask_epi8(host_detail::host_octets(v)));
}

// Words, dots and hyphens of a value of 16 to 63 octets (bit i <-> s[i], clear past the
// end), the blocks unrolled. The last block is loaded ending at s + n and shifted down, so
// nothing outside s is read.
struct WordMasks64 {
    std::uint64_t word = 0, dot = 0, dash = 0;
};

inline WordMasks64 classify_words64(const char* s, std::size_t n) {
    WordMasks64 m;
    auto block = [&](std::size_t k) {
        int shift = 0;
        const char* at = s + k;
        if (n - k < 16) {
            at = s + n - 16;
            shift = static_cast<int>(16 - (n - k));
        }
        // Lanes shifted in from past the end read as zero: not a word octet.
        const host_detail::BlockMasks b = host_detail::block_masks(at, at + 16);
        m.word |= std::uint64_t{b.ok >> shift} << k;
        m.dot |= std::uint64_t{b.dot >> shift} << k;
        m.dash |= std::uint64_t{b.dash >> shift} << k;
    };
    block(0);
    if (n > 16) block(16);
    if (n > 32) block(32);
    if (n > 48) block(48);
    return m;
}

// Word octets only, of p[0, n), n < 64. The 16 octets before p + n must be readable: the
// last block is loaded ending there and shifted down, even when that starts before p.
inline std::uint64_t word_bits64(const char* p, std::size_t n) {
    std::uint64_t w = 0;
    std::size_t k = 0;
    for (; k + 16 <= n; k += 16)
        w |= std::uint64_t{word_bits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k)))}
             << k;
    if (k < n)
        w |= std::uint64_t{word_bits(
                               _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16))) >>
                           (16 - (n - k))}
             << k;
    return w;
}

// End of the run of set bits of `word` that starts at i <= n < 64 (bits past n clear).
inline std::size_t word_end(std::uint64_t word, std::size_t i) {
    return i + static_cast<std::size_t>(__builtin_ctzll(~word >> i));
}

inline std::size_t word_end(const WordMasks64& m, std::size_t i) {
    return word_end(m.word, i);
}

// The host made of the word octets s[h, e), 1 <= e - h <= 63: its kind by RFC 3261 §25.1,
// None when it is not valid.
inline HostKind word_host_kind(const char* s, std::size_t h, std::size_t e, const WordMasks64& m) {
    const std::size_t len = e - h;
    const std::uint64_t keep = (std::uint64_t{1} << len) - 1;
    return host_detail::classify(std::string_view(s + h, len), (m.dot >> h) & keep,
                                 (m.dash >> h) & keep);
}

#endif

}  // namespace dialtone::message
