#pragma once
// ASCII case folding for matching keys (RFC 3261 §7.3.1: tokens and hosts compare
// case-insensitively).

#include <string>
#include <string_view>

namespace dialtone::transaction::detail {

inline char ascii_lower(char c) {
    // Branch-free, so loops over keys vectorize.
    const auto u = static_cast<unsigned char>(c);
    return static_cast<char>(u |
                             (static_cast<unsigned>(static_cast<unsigned>(u - 'A') < 26U) << 5));
}

inline void append_lower(std::string& out, std::string_view s) {
    const std::size_t at = out.size();
    out.append(s);
    for (std::size_t i = at; i < out.size(); ++i)
        out[i] = ascii_lower(out[i]);
}

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace dialtone::transaction::detail
