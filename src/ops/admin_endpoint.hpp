#pragma once
// Where the admin HTTP interface listens: `HOST:PORT` on a loopback address only, because it
// has no authentication of its own (anyone who can reach it can list every registration).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::ops {

struct AdminEndpoint {
    std::string host;  // a numeric loopback address: 127.0.0.0/8 or ::1 (no brackets)
    std::uint16_t port = 0;

    // "127.0.0.1:8060", "[::1]:8060".
    std::string to_string() const;
};

// The default of `dialtone serve --admin` and `dialtone ctl --admin`.
inline constexpr std::string_view kDefaultAdminEndpoint = "127.0.0.1:8060";

// Parses `HOST:PORT` (IPv6 in brackets). Port 0 is accepted when `allow_port_zero` (the server
// then picks a free port and logs it). On failure returns nullopt and says why in `error`.
std::optional<AdminEndpoint> parse_admin_endpoint(std::string_view text, std::string& error,
                                                  bool allow_port_zero = true);

}  // namespace dialtone::ops
