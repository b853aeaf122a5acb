#pragma once
// scan_host with a readable window: the vector scan may load any octets in [lo, hi), which
// must contain `s`, so a host near the end of a short view needs no copy into a buffer.
// Hosts of up to 63 octets take an inline path of one to four vector blocks and a few mask
// operations; the rest (IPv6 references, longer names) go to scan_host_general in host.cpp.

#include <cstdint>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dialtone/sip/message/host.hpp"
#include "sip/message/char_class.hpp"

namespace dialtone::message {

std::size_t scan_host_general(std::string_view s, Host& out, const char* lo, const char* hi);

#if defined(__SSE2__)
namespace host_detail {

struct BlockMasks {
    std::uint32_t ok, dot, dash;
};

// Host octets (alphanum, '-', '.'), dots and hyphens among the 16 octets at q, bit 0 = q[0].
// When fewer than 16 octets of the window remain at q, the window's last block is loaded
// and the masks shifted down; the lanes past the window read as "not a host octet".

// The octets of v that may stand in a hostname or IPv4 address (letters, digits, '-', '.'),
// as a byte mask. Unsigned range checks are one signed compare after moving the range to
// start at -128.
inline __m128i host_octets(__m128i v) {
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i alpha =
        _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(0x80 - 'a')), _mm_set1_epi8(26 - 128));
    // '-' '.' '/' and the digits are 0x2d..0x39; '/' is then taken out.
    const __m128i dash_to_nine =
        _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '-')), _mm_set1_epi8(13 - 128));
    const __m128i slash = _mm_cmpeq_epi8(v, _mm_set1_epi8('/'));
    return _mm_andnot_si128(slash, _mm_or_si128(alpha, dash_to_nine));
}

inline BlockMasks block_masks(const char* q, const char* hi) {
    __m128i v;
    int shift = 0;
    if (hi - q >= 16) {
        v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    } else {
        v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hi - 16));
        shift = static_cast<int>(16 - (hi - q));
    }
    const __m128i ok = host_octets(v);
    const __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
    const __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
    return {static_cast<std::uint32_t>(_mm_movemask_epi8(ok)) >> shift,
            static_cast<std::uint32_t>(_mm_movemask_epi8(dot)) >> shift,
            static_cast<std::uint32_t>(_mm_movemask_epi8(dash)) >> shift};
}

// RFC 3261 §25.1 on the masks of a host t of 1 to 63 octets, all alphanum, '-' or '.':
// a hostname (labels that neither start nor end with '-' and are not empty, an optional
// final '.', a top label that starts with a letter) or else an IPv4address. Labels cannot
// pass 63 octets here.
inline HostKind classify(std::string_view t, std::uint64_t dots, std::uint64_t dashes) {
    std::size_t n = t.size();
    if (dots >> (n - 1) & 1) {  // fully qualified: one final dot
        --n;
        dots &= ~(std::uint64_t{1} << n);
    }
    const std::size_t top = dots ? 64 - static_cast<std::size_t>(__builtin_clzll(dots)) : 0;
    // A top label that does not start with a letter can only be an IPv4 address, and a host
    // with no letter at all has none there.
    if (n == 0 || !chars::is(t[top], chars::kAlpha))
        return is_ipv4_address(t) ? HostKind::Ipv4 : HostKind::None;
    const std::uint64_t last = std::uint64_t{1} << (n - 1);
    // No empty label: no dot first, last, or next to another dot; no label starts or ends
    // with '-'.
    const std::uint64_t bad =
        (dots & (1 | last | (dots >> 1))) | (dashes & (1 | last | (dots << 1) | (dots >> 1)));
    return bad ? HostKind::None : HostKind::Domain;
}

}  // namespace host_detail
#endif

inline std::size_t scan_host_in(std::string_view s, Host& out, const char* lo, const char* hi) {
#if defined(__SSE2__)
    const std::size_t n = s.size();
    if (n != 0 && s[0] != '[' && hi - lo >= 16) {
        const char* p = s.data();
        std::uint64_t stop = 0, dots = 0, dashes = 0;
        // Up to four blocks: hosts of up to 63 octets. Block k is only read when the host
        // runs through the whole block before it, so p + k never passes the end of s.
        for (std::size_t k = 0; k < 64; k += 16) {
            const host_detail::BlockMasks b = host_detail::block_masks(p + k, hi);
            std::uint64_t st = ~b.ok & 0xffffu;
            if (n - k < 16) st |= std::uint64_t{1} << (n - k);
            dots |= std::uint64_t{b.dot} << k;
            dashes |= std::uint64_t{b.dash} << k;
            if (st != 0) {
                stop = st << k;
                break;
            }
        }
        if (stop != 0) {
            const auto len = static_cast<std::size_t>(__builtin_ctzll(stop));
            out.text = s.substr(0, len);
            if (len == 0) {
                out.kind = HostKind::None;
                return 0;
            }
            const std::uint64_t keep = (std::uint64_t{1} << len) - 1;  // len <= 63
            out.kind = host_detail::classify(out.text, dots & keep, dashes & keep);
            return len;
        }
    }
#endif
    return scan_host_general(s, out, lo, hi);
}

}  // namespace dialtone::message
