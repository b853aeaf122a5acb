#pragma once
// 256-entry character-class table (picohttpparser style): one load and a mask per byte.

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace dialtone::message::chars {

enum : std::uint32_t {
    kAlpha = 1 << 0,
    kDigit = 1 << 1,
    kToken = 1 << 2,       // RFC 3261 token: alphanum / "-.!%*_+`'~"
    kWord = 1 << 3,        // RFC 3261 word: token chars plus "()<>:\\\"/[]?{}"
    kUnreserved = 1 << 4,  // alphanum / mark
    kUserUnres = 1 << 5,   // "&=+$,;?/"
    kPassUnres = 1 << 6,   // "&=+$,"
    kParamUnres = 1 << 7,  // "[]/:&+$"
    kHdrUnres = 1 << 8,    // "[]/?:+$"
    kHex = 1 << 9,
    kWsp = 1 << 10,       // SP / HTAB
    kLws = 1 << 11,       // SP / HTAB / CR / LF
    kHost = 1 << 12,      // alphanum / "-." (hostname chars)
    kScheme = 1 << 13,    // alphanum / "+-."
    kGenValue = 1 << 15,  // gen-value = token / host: token chars plus ":[]"
    // What may stand in each URI component, '%' of escapes included (RFC 3261 §25.1).
    kUserChar = 1 << 16,    // unreserved / user-unreserved / "%"
    kPassChar = 1 << 17,    // unreserved / "&=+$," / "%"
    kParamChar = 1 << 18,   // paramchar plus the ';' '=' that separate params
    kHeaderChar = 1 << 19,  // hnv-unreserved / unreserved plus the '&' '=' separators
    kHyphen = 1 << 20,
    kPercent = 1 << 21,
};

struct Table {
    std::array<std::uint32_t, 256> bits{};
    constexpr Table() {
        auto set = [this](std::string_view s, std::uint32_t m) {
            for (char c : s)
                bits[static_cast<unsigned char>(c)] |= m;
        };
        for (int c = 'a'; c <= 'z'; ++c)
            bits[c] |= kAlpha;
        for (int c = 'A'; c <= 'Z'; ++c)
            bits[c] |= kAlpha;
        for (int c = '0'; c <= '9'; ++c)
            bits[c] |= kDigit | kHex;
        for (int c = 'a'; c <= 'f'; ++c)
            bits[c] |= kHex;
        for (int c = 'A'; c <= 'F'; ++c)
            bits[c] |= kHex;
        for (int c = 0; c < 256; ++c) {
            if (bits[c] & (kAlpha | kDigit)) {
                bits[c] |= kToken | kWord | kUnreserved | kHost | kScheme;
            }
        }
        set("-.!%*_+`'~", kToken | kWord);
        set("()<>:\\\"/[]?{}", kWord);
        set("-_.!~*'()", kUnreserved);
        set("&=+$,;?/", kUserUnres);
        set("&=+$,", kPassUnres);
        set("[]/:&+$", kParamUnres);
        set("[]/?:+$", kHdrUnres);
        set(" \t", kWsp | kLws);
        set("\r\n", kLws);
        set("-.", kHost);
        set("+-.", kScheme);
        for (int c = 0; c < 256; ++c)
            if (bits[c] & kToken) bits[c] |= kGenValue;
        set(":[]", kGenValue);
        for (int c = 0; c < 256; ++c) {
            if (bits[c] & kUnreserved) bits[c] |= kUserChar | kPassChar | kParamChar | kHeaderChar;
            if (bits[c] & kUserUnres) bits[c] |= kUserChar;
            if (bits[c] & kPassUnres) bits[c] |= kPassChar;
            if (bits[c] & kParamUnres) bits[c] |= kParamChar;
            if (bits[c] & kHdrUnres) bits[c] |= kHeaderChar;
        }
        set("%", kUserChar | kPassChar | kParamChar | kHeaderChar);
        set(";=", kParamChar);
        set("&=", kHeaderChar);
        set("-", kHyphen);
        set("%", kPercent);
    }
};

inline constexpr Table kTable{};

struct LowerTable {
    std::array<char, 256> map{};
    constexpr LowerTable() {
        for (int c = 0; c < 256; ++c)
            map[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
};
inline constexpr LowerTable kLower{};

inline bool is(char c, std::uint32_t mask) {
    return (kTable.bits[static_cast<unsigned char>(c)] & mask) != 0;
}
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_token_char(char c) {
    return is(c, kToken);
}
inline bool is_lws(char c) {
    return is(c, kLws);
}
inline bool is_wsp(char c) {
    return c == ' ' || c == '\t';
}
inline char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

inline bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_token_char(c)) return false;
    return true;
}

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

// Case-insensitive comparison with a literal of lower-case letters only ("branch"), a few
// word loads instead of a loop: OR-ing 0x20 maps exactly the two cases of a letter onto the
// lower-case one, so the fold is exact when every compared octet of `lit` is a letter.
template <std::size_t N>
inline bool is_name(std::string_view s, const char (&lit)[N]) {
    constexpr std::size_t L = N - 1;
    static_assert(L >= 1 && L <= 16);
    if (s.size() != L) return false;
    const char* p = s.data();
    auto same = [&](std::size_t at, auto fold) {
        decltype(fold) a, b;
        std::memcpy(&a, p + at, sizeof a);
        std::memcpy(&b, lit + at, sizeof b);
        return static_cast<decltype(fold)>(a | fold) == b;
    };
    if constexpr (L >= 8) {
        return same(0, std::uint64_t{0x2020202020202020}) &&
               same(L - 8, std::uint64_t{0x2020202020202020});
    } else if constexpr (L >= 4) {
        return same(0, std::uint32_t{0x20202020}) && same(L - 4, std::uint32_t{0x20202020});
    } else if constexpr (L >= 2) {
        return same(0, std::uint16_t{0x2020}) && same(L - 2, std::uint16_t{0x2020});
    } else {
        return static_cast<char>(p[0] | 0x20) == lit[0];
    }
}

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decimal digits only (no sign, no whitespace), value at most `max`; leading zeros allowed.
// Never overflows however many digits come in.
inline bool parse_decimal(std::string_view s, std::uint64_t max, std::uint64_t& out) {
    if (s.empty()) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (!is_digit(c)) return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
        if (v > max) return false;
    }
    out = v;
    return true;
}

}  // namespace dialtone::message::chars
