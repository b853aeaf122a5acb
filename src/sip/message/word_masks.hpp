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

// Word octets of a value of 16 to 63 octets (bit i <-> s[i], clear past the end), the
// blocks unrolled. The last block is loaded ending at s + n and shifted down, so nothing
// outside s is read. Dots and hyphens are only needed for the host: word_host_kind finds
// them there, which costs less than a mask of each over the whole value.
struct WordMasks64 {
    std::uint64_t word = 0;
};

inline WordMasks64 classify_words64(const char* s, std::size_t n) {
    WordMasks64 m;
    auto block = [&](std::size_t k) {
        if (n - k >= 16) {
            m.word |=
                std::uint64_t{word_bits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k)))}
                << k;
        } else {
            // Lanes shifted in from past the end read as zero: not a word octet.
            const unsigned b =
                word_bits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16)));
            m.word |= std::uint64_t{b >> (16 - (n - k))} << k;
        }
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

// The host made of the word octets s[h, e), 1 <= e - h <= 63, inside the value s[0, n)
// (n >= 16): its kind by RFC 3261 §25.1, None when it is not valid.
inline HostKind word_host_kind(const char* s, std::size_t n, std::size_t h, std::size_t e) {
    const std::size_t len = e - h;
    std::uint64_t dots = 0, dashes = 0;
    for (std::size_t k = 0; k < len; k += 16) {
        const char* at = s + h + k;
        int shift = 0;
        if (n - (h + k) < 16) {
            at = s + n - 16;
            shift = static_cast<int>(16 - (n - (h + k)));
        }
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        const auto dot =
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
        const auto dash =
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
        dots |= std::uint64_t{dot >> shift} << k;
        dashes |= std::uint64_t{dash >> shift} << k;
    }
    const std::uint64_t keep = (std::uint64_t{1} << len) - 1;
    return host_detail::classify(std::string_view(s + h, len), dots & keep, dashes & keep);
}

#endif

}  // namespace dialtone::message
