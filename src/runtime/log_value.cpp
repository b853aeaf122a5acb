#include "runtime/log_value.hpp"

namespace dialtone::runtime {

std::string log_value(std::string_view value) {
    bool plain = !value.empty();
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '"' || c == '=' || c == '\\') {
            plain = false;
            break;
        }
    }
    if (plain) return std::string(value);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

}  // namespace dialtone::runtime
