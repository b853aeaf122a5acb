#include "dialtone/sip/message/host.hpp"

#include <cstring>

#include "sip/message/char_class.hpp"
#include "sip/message/host_scan.hpp"

namespace dialtone::message {

bool is_ipv4_address(std::string_view t) {
    // Four dot-separated groups of 1 to 3 digits, each at most 255 (leading zeros allowed),
    // so 7 to 15 octets: with that checked first, every group starts on an octet that exists.
    if (t.size() < 7 || t.size() > 15) return false;
    const char* p = t.data();
    const char* const e = p + t.size();
    auto digit = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - '0'); };
    for (int part = 0;; ++part) {
        unsigned value = digit(*p);
        if (value > 9) return false;
        ++p;
        if (p < e && digit(*p) <= 9) {
            value = value * 10 + digit(*p++);
            if (p < e && digit(*p) <= 9) {
                value = value * 10 + digit(*p++);
                if (value > 255) return false;
            }
        }
        if (part == 3) return p == e;
        // A '.' must follow, and a group after it (also catches a fourth digit).
        if (e - p < 2 || *p != '.') return false;
        ++p;
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

}  // namespace

// IPv6 references, hosts longer than the vector path takes, and windows shorter than a block.
std::size_t scan_host_general(std::string_view s, Host& out, const char*, const char*) {
    std::size_t i = 0;
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

std::size_t scan_host(std::string_view s, Host& out) {
    return scan_host_in(s, out, s.data(), s.data() + s.size());
}

HostKind classify_host(std::string_view t) {
    Host h;
    return scan_host(t, h) == t.size() ? h.kind : HostKind::None;
}

}  // namespace dialtone::message
