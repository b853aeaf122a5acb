#pragma once
#include <cstdint>
#include <string_view>

namespace dialtone::message {

enum class HostKind : std::uint8_t { None, Domain, Ipv4, Ipv6 };

// A host as written: for IPv6 `text` keeps the brackets ("[2001:db8::1]") so it can be
// written back unchanged; address() strips them.
struct Host {
    std::string_view text;
    HostKind kind = HostKind::None;

    std::string_view address() const {
        return kind == HostKind::Ipv6 && text.size() >= 2 ? text.substr(1, text.size() - 2) : text;
    }
    bool empty() const { return text.empty(); }
};

// Classifies and validates host text per RFC 3261 §25.1 (hostname / IPv4address /
// IPv6reference). Returns kind None when the text is not a valid host.
HostKind classify_host(std::string_view text);

// Reads the host at the start of `s` (up to the first octet that cannot be part of one) and
// classifies it in the same pass. Returns the number of octets it spans; `out.kind` is None
// when those octets are not a valid host.
std::size_t scan_host(std::string_view s, Host& out);

// RFC 3261 IPv6reference, tolerant of the extra colon RFC 5118 §4.10 asks parsers to accept.
bool is_ipv6_reference(std::string_view text);
bool is_ipv4_address(std::string_view text);

}  // namespace dialtone::message
