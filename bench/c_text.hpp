#pragma once
// Helpers for the C parsers, which hand fields back as NUL-terminated strings (or NULL).

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace dialtone::bench {

inline std::string_view view_of(const char* s) {
    return s ? std::string_view(s) : std::string_view();
}

// A decimal port or count as a proxy needs it; 0 when absent or not a number.
inline std::uint32_t number_of(const char* s) {
    if (!s) return 0;
    std::uint32_t value = 0;
    const char* end = s + std::strlen(s);
    auto [ptr, ec] = std::from_chars(s, end, value);
    return ec == std::errc() ? value : 0;
}

}  // namespace dialtone::bench
