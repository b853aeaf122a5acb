#pragma once
// Lower-case hex for digests and keys (RFC 7616 LHEX).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dialtone::auth::detail {

inline constexpr char kHexDigits[] = "0123456789abcdef";

// Writes 2n characters to `out`.
inline void write_hex(const unsigned char* bytes, std::size_t n, char* out) {
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = kHexDigits[bytes[i] >> 4];
        out[2 * i + 1] = kHexDigits[bytes[i] & 0x0f];
    }
}

// Value of one hex digit (either case), or -1.
inline int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace dialtone::auth::detail
