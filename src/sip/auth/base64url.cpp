#include "sip/auth/base64url.hpp"

namespace dialtone::auth::detail {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int value_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

}  // namespace

std::string base64url_encode(const std::uint8_t* bytes, std::size_t n) {
    std::string out;
    out.reserve((n * 4 + 2) / 3);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        acc = (acc << 8) | bytes[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(acc >> bits) & 0x3f]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3f]);
    return out;
}

std::ptrdiff_t base64url_decode(std::string_view text, std::uint8_t* out, std::size_t cap) {
    if (text.size() % 4 == 1) return -1;  // no encoding ends with a lone 6-bit group
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t n = 0;
    for (char c : text) {
        const int v = value_of(c);
        if (v < 0) return -1;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == cap) return -1;
            out[n++] = static_cast<std::uint8_t>((acc >> bits) & 0xff);
        }
    }
    // Leftover bits must be zero, or two texts would decode to the same bytes.
    if ((acc & ((1U << bits) - 1)) != 0) return -1;
    return static_cast<std::ptrdiff_t>(n);
}

}  // namespace dialtone::auth::detail
