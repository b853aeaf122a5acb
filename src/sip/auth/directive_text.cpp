#include "sip/auth/directive_text.hpp"

#include "dialtone/sip/message/quoted_string.hpp"
#include "sip/auth/hex.hpp"

namespace dialtone::auth::detail {

std::string_view plain(std::string_view value, std::string& storage) {
    if (!message::has_escapes(value)) return value;
    storage = message::unescape_quoted(value);
    return storage;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::optional<std::string> decode_ext_value(std::string_view value) {
    const std::size_t q1 = value.find('\'');
    if (q1 == std::string_view::npos) return std::nullopt;
    const std::size_t q2 = value.find('\'', q1 + 1);
    if (q2 == std::string_view::npos) return std::nullopt;
    if (!iequals(value.substr(0, q1), "UTF-8")) return std::nullopt;
    const std::string_view encoded = value.substr(q2 + 1);
    std::string out;
    out.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] != '%') {
            out.push_back(encoded[i]);
            continue;
        }
        if (i + 2 >= encoded.size()) return std::nullopt;
        const int hi = hex_digit_value(encoded[i + 1]);
        const int lo = hex_digit_value(encoded[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

}  // namespace dialtone::auth::detail
