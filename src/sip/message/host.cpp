#include "dialtone/sip/message/host.hpp"

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

bool is_hostname(std::string_view t) {
    if (t.empty() || t.size() > 255) return false;
    if (t.back() == '.') t.remove_suffix(1);
    if (t.empty()) return false;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= t.size(); ++i) {
        if (i == t.size() || t[i] == '.') {
            const std::size_t len = i - label_start;
            if (len == 0 || len > 63) return false;
            if (t[label_start] == '-' || t[i - 1] == '-') return false;
            label_start = i + 1;
            continue;
        }
        if (!chars::is(t[i], chars::kAlpha | chars::kDigit) && t[i] != '-') return false;
    }
    // toplabel = ALPHA *( alphanum / "-" ) (RFC 3261 §25.1): keeps "1.2.3.999" out.
    const std::size_t last_dot = t.rfind('.');
    const char top = t[last_dot == std::string_view::npos ? 0 : last_dot + 1];
    return chars::is(top, chars::kAlpha);
}

}  // namespace

HostKind classify_host(std::string_view text) {
    if (text.empty()) return HostKind::None;
    if (text.front() == '[') return is_ipv6_reference(text) ? HostKind::Ipv6 : HostKind::None;
    if (chars::is_digit(text.back()) && is_ipv4_address(text)) return HostKind::Ipv4;
    return is_hostname(text) ? HostKind::Domain : HostKind::None;
}

}  // namespace dialtone::message
