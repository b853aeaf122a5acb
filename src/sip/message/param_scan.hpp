#pragma once
// Strict one-pass scan of a header parameter list (generic-param *(SEMI generic-param)):
// validates the grammar and hands each parameter to the caller in the same pass, so
// validation and extraction never walk the list twice.

#include <cstdint>
#include <string_view>

#include "sip/message/char_class.hpp"
#include "sip/message/span_scan.hpp"

namespace dialtone::message {

// Index of the first octet at or after i that is not LWS. Every LWS octet is <= ' ', so
// the common case (no whitespace) costs one compare.
inline std::size_t skip_lws_at(std::string_view s, std::size_t i) {
    while (i < s.size() && static_cast<unsigned char>(s[i]) <= ' ' && chars::is_lws(s[i]))
        ++i;
    return i;
}

namespace param_detail {

// The general scan: any list, LWS and quoted strings included.
template <class OnParam>
bool scan_any(std::string_view s, OnParam& on_param) {
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (true) {
        i = skip_lws_at(s, i);
        const std::size_t name_start = i;
        i = span::run(s, i, chars::kToken);
        if (i == name_start) return false;
        const std::string_view name = s.substr(name_start, i - name_start);
        std::string_view value;
        bool has_value = false;
        i = skip_lws_at(s, i);
        if (i < n && s[i] == '=') {
            i = skip_lws_at(s, i + 1);
            const std::size_t vs = i;
            if (i < n && s[i] == '"') {
                for (++i; i < n && s[i] != '"'; ++i)
                    if (s[i] == '\\') ++i;
                if (i >= n) return false;  // unterminated quoted string
                ++i;
            } else {
                i = span::run(s, i, chars::kGenValue);
                if (i == vs) return false;
            }
            value = s.substr(vs, i - vs);
            has_value = true;
            i = skip_lws_at(s, i);
        }
        if (!on_param(name, value, has_value)) return false;
        if (i == n) return true;
        if (s[i] != ';') return false;
        ++i;
    }
}

#if defined(__SSE2__)
struct ListMasks {
    std::uint64_t word = 0;   // alphanum, '-' and '.': token and gen-value octets both
    std::uint64_t other = 0;  // octets neither of those nor ';' '=' (anything else)
};

// Classifies a list of 1 to 63 octets, 16 at a time. The 16 octets before s.end() must be
// readable, so a partial last block is loaded ending at s.end() and shifted down. Only the
// commonest octets are told apart; a list with any other octet takes the general scan.
inline ListMasks classify(const char* s, std::size_t n) {
    ListMasks m;
    for (std::size_t k = 0; k < n; k += 16) {
        __m128i v;
        int shift = 0;
        if (n - k >= 16) {
            v = span::load16(s + k);
        } else {
            v = span::load16(s + n - 16);
            shift = static_cast<int>(16 - (n - k));
        }
        const __m128i alpha = span::in_range(_mm_or_si128(v, span::splat(0x20)), 'a', 'z');
        // '-' '.' '/' and the digits are 0x2d..0x39; '/' is then taken out.
        const __m128i word =
            _mm_andnot_si128(span::eq(v, '/'), _mm_or_si128(alpha, span::in_range(v, '-', '9')));
        const __m128i known = _mm_or_si128(word, _mm_or_si128(span::eq(v, ';'), span::eq(v, '=')));
        // Lanes past the end of the list shift in as zeroes: "not a word octet", so every run
        // stops at the end; `other` is masked to the list below.
        m.word |= std::uint64_t{span::bits(word) >> shift} << k;
        m.other |= std::uint64_t{(~span::bits(known) & 0xffffu) >> shift} << k;
    }
    m.other &= (std::uint64_t{1} << n) - 1;
    return m;
}
#endif

}  // namespace param_detail

// `on_param(name, value, has_value)` returns false to reject the list. Returns false when
// the list is malformed: empty elements (";;"), a name that is not a token, a value that is
// neither token, host nor a closed quoted-string, or junk between parameters. `lo` (at or
// before s.data()) is where the readable memory around s starts: with 16 octets or more
// before s.end(), a list of up to 63 octets made of alphanum, '-', '.', ';' and '=' only is
// classified by vector compares and walked with bit scans, in the same order and with the
// same verdicts as the general scan (such octets are token and gen-value octets alike).
template <class OnParam>
bool scan_params(std::string_view s, const char* lo, OnParam&& on_param) {
#if defined(__SSE2__)
    const std::size_t n = s.size();
    const char* const p = s.data();
    if (n != 0 && n < 64 && p + n - lo >= 16) {
        const param_detail::ListMasks m = param_detail::classify(p, n);
        if (m.other == 0) {
            // Bits at and past n are clear in m.word, so each run stops by the end; i <= n < 64.
            const std::uint64_t stops = ~m.word;
            std::size_t i = 0;
            while (true) {
                const std::size_t name_start = i;
                i += static_cast<std::size_t>(__builtin_ctzll(stops >> i));
                if (i == name_start) return false;
                const std::string_view name(p + name_start, i - name_start);
                std::string_view value;
                bool has_value = false;
                if (i < n && p[i] == '=') {
                    const std::size_t vs = ++i;
                    i += static_cast<std::size_t>(__builtin_ctzll(stops >> i));
                    if (i == vs) return false;
                    value = std::string_view(p + vs, i - vs);
                    has_value = true;
                }
                if (!on_param(name, value, has_value)) return false;
                if (i == n) return true;
                if (p[i] != ';') return false;
                ++i;
            }
        }
    }
#else
    (void)lo;
#endif
    return param_detail::scan_any(s, on_param);
}

template <class OnParam>
bool scan_params(std::string_view s, OnParam&& on_param) {
    return scan_params(s, s.data(), on_param);
}

}  // namespace dialtone::message
