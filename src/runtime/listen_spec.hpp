#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::runtime {

// One address to listen on, written as Kamailio's `listen=` and `-l` take it:
// `[proto:]addr[:port]` with proto `udp`, `tcp` (both when left out) or `tls`, an IPv4
// address or a bracketed IPv6 reference (`[::1]:5060`; a bare IPv6 address takes the
// default port), and port 0 for "any free port" (the same one for UDP and TCP). The
// default port is 5060, and 5061 for TLS (RFC 3261 §19.1.2).
struct ListenSpec {
    bool udp = true;
    bool tcp = true;
    bool tls = false;
    std::string address = "0.0.0.0";
    std::uint16_t port = 5060;

    // "udp+tcp:[::1]:5060" style text for logs.
    std::string to_string() const;
};

inline constexpr std::uint16_t kDefaultSipPort = 5060;
inline constexpr std::uint16_t kDefaultSipsPort = 5061;

// Returns nullopt and sets `error` to a sentence naming what is wrong.
std::optional<ListenSpec> parse_listen_spec(std::string_view text, std::string& error);

}  // namespace dialtone::runtime
