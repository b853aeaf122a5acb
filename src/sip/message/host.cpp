#include "dialtone/sip/message/host.hpp"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sip/message/char_class.hpp"

namespace dialtone::message {

bool is_ipv4_address(std::string_view t) {
    int parts = 0;
    std::size_t i = 0;
    while (true) {
        std::size_t digits = 0;
        unsigned value = 0;
        while (i < t.size() && chars::is_digit(t[i]) && digits < 4) {
            value = value * 10 + static_cast<unsigned>(t[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || digits > 3 || value > 255) return false;
        ++parts;
        if (i == t.size()) return parts == 4;
        if (t[i] != '.' || parts == 4) return false;
        ++i;
    }
}

bool is_ipv6_reference(std::string_view t) {
    if (t.size() < 4 || t.front() != '[' || t.back() != ']') return false;
    const std::string_view a = t.substr(1, t.size() - 2);
    // An embedded IPv4 address may end the address (IPv4-mapped and similar forms).
    std::string_view hex_part = a;
    int max_groups = 8;
    const std::size_t last_colon = a.rfind(':');
    if (last_colon == std::string_view::npos) return false;
    if (a.find('.', last_colon) != std::string_view::npos) {
        if (!is_ipv4_address(a.substr(last_colon + 1))) return false;
        hex_part = a.substr(0, last_colon + 1);
        max_groups = 6;
    }
    int groups = 0;
    int empty_runs = 0;  // "::" occurrences; RFC 5118 §4.10 tolerates ":::" as one
    std::size_t i = 0;
    while (i < hex_part.size()) {
        if (hex_part[i] == ':') {
            std::size_t run = 0;
            while (i < hex_part.size() && hex_part[i] == ':') {
                ++i;
                ++run;
            }
            if (run > 3) return false;
            if (run >= 2) ++empty_runs;
            continue;
        }
        std::size_t len = 0;
        while (i < hex_part.size() && chars::hex_value(hex_part[i]) >= 0) {
            ++i;
            ++len;
        }
        if (len == 0 || len > 4) return false;
        ++groups;
    }
    if (empty_runs > 1) return false;
    return empty_runs == 1 ? groups < max_groups : groups == max_groups;
}

namespace {

// Label rules of a hostname whose octets are all alphanum, '-' or '.': labels of 1 to 63
// octets that neither start nor end with '-', an optional final '.', and a top label that
// starts with a letter (RFC 3261 §25.1). Only called with at least one letter present.
bool labels_ok(std::string_view t, bool has_hyphen) {
    if (t.back() == '.') t.remove_suffix(1);
    std::size_t start = 0;
    while (true) {
        const void* dot = std::memchr(t.data() + start, '.', t.size() - start);
        const std::size_t end =
            dot ? static_cast<std::size_t>(static_cast<const char*>(dot) - t.data()) : t.size();
        const std::size_t len = end - start;
        if (len == 0 || len > 63) return false;
        if (has_hyphen && (t[start] == '-' || t[end - 1] == '-')) return false;
        if (dot == nullptr) return chars::is(t[start], chars::kAlpha);
        start = end + 1;
    }
}

HostKind classify_name(std::string_view t, std::uint32_t seen) {
    if (t.empty() || t.size() > 255) return HostKind::None;
    if (!(seen & chars::kAlpha)) return is_ipv4_address(t) ? HostKind::Ipv4 : HostKind::None;
    const bool has_hyphen = (seen & chars::kHyphen) != 0;
    return labels_ok(t, has_hyphen) ? HostKind::Domain : HostKind::None;
}

#if defined(__SSE2__)
// Positions (bit i = octet i) of the letters, dots and hyphens of a host of at most 64
// octets, found 16 octets at a time. Returns the host's length, or npos when it runs past
// 64 octets (the scalar path takes over).
std::size_t scan_host_sse2(std::string_view s, std::uint64_t& alpha, std::uint64_t& dots,
                           std::uint64_t& dashes) {
    alpha = dots = dashes = 0;
    for (std::size_t i = 0; i < 64; i += 16) {
        // The last, partial block is copied into zeroes: a NUL ends any host.
        alignas(16) char tail[16] = {};
        const char* block = s.data() + i;
        if (s.size() - i < 16) {
            std::memcpy(tail, block, s.size() - i);
            block = tail;
        }
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
        const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        const __m128i is_alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                               _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
        const __m128i is_digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                               _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        const __m128i is_dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
        const __m128i is_dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
        const auto ok = static_cast<std::uint32_t>(_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(is_alpha, is_digit), _mm_or_si128(is_dot, is_dash))));
        const std::uint32_t stop = ~ok & 0xffffu;
        const std::uint32_t keep = stop ? (1u << __builtin_ctz(stop)) - 1 : 0xffffu;
        alpha |= static_cast<std::uint64_t>(_mm_movemask_epi8(is_alpha) & keep) << i;
        dots |= static_cast<std::uint64_t>(_mm_movemask_epi8(is_dot) & keep) << i;
        dashes |= static_cast<std::uint64_t>(_mm_movemask_epi8(is_dash) & keep) << i;
        if (stop) {
            const std::size_t len = i + static_cast<std::size_t>(__builtin_ctz(stop));
            return len <= 64 ? len : std::string_view::npos;
        }
    }
    return std::string_view::npos;
}

// RFC 3261 §25.1 hostname rules on the bit masks of a host of 1 to 64 octets.
HostKind classify_masks(std::string_view t, std::uint64_t alpha, std::uint64_t dots,
                        std::uint64_t dashes) {
    if (alpha == 0) return is_ipv4_address(t) ? HostKind::Ipv4 : HostKind::None;
    std::size_t n = t.size();
    if (dots >> (n - 1) & 1) {  // fully qualified: one final dot
        --n;
        dots &= ~(std::uint64_t{1} << n);
    }
    if (n == 0 || n > 63 + (dots != 0)) return HostKind::None;
    const std::uint64_t last = std::uint64_t{1} << (n - 1);
    // No empty label: no dot first, last, or next to another dot.
    if ((dots & 1) || (dots & last) || (dots & (dots >> 1))) return HostKind::None;
    // No label starts or ends with '-'.
    if ((dashes & 1) || (dashes & last) || (dashes & ((dots << 1) | (dots >> 1))))
        return HostKind::None;
    const std::size_t top = dots ? 64 - static_cast<std::size_t>(__builtin_clzll(dots)) : 0;
    return (alpha >> top & 1) ? HostKind::Domain : HostKind::None;
}
#endif

}  // namespace

std::size_t scan_host(std::string_view s, Host& out) {
    std::size_t i = 0;
#if defined(__SSE2__)
    if (!s.empty() && s[0] != '[') {
        std::uint64_t alpha, dots, dashes;
        const std::size_t len = scan_host_sse2(s, alpha, dots, dashes);
        if (len != std::string_view::npos) {
            out.text = s.substr(0, len);
            out.kind = len == 0 ? HostKind::None : classify_masks(out.text, alpha, dots, dashes);
            return len;
        }
    }
#endif
    if (!s.empty() && s[0] == '[') {
        const void* close = std::memchr(s.data(), ']', s.size());
        i = close ? static_cast<std::size_t>(static_cast<const char*>(close) - s.data()) + 1
                  : s.size();
        out.text = s.substr(0, i);
        out.kind = close && is_ipv6_reference(out.text) ? HostKind::Ipv6 : HostKind::None;
        return i;
    }
    std::uint32_t seen = 0;
    while (i < s.size()) {
        const std::uint32_t b = chars::kTable.bits[static_cast<unsigned char>(s[i])];
        if (!(b & chars::kHost)) break;
        seen |= b;
        ++i;
    }
    out.text = s.substr(0, i);
    out.kind = classify_name(out.text, seen);
    return i;
}

HostKind classify_host(std::string_view t) {
    Host h;
    return scan_host(t, h) == t.size() ? h.kind : HostKind::None;
}

}  // namespace dialtone::message
