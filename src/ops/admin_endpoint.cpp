#include "ops/admin_endpoint.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace dialtone::ops {

std::string AdminEndpoint::to_string() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<AdminEndpoint> parse_admin_endpoint(std::string_view text, std::string& error,
                                                  bool allow_port_zero) {
    std::string_view host;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            error = "expected [IPV6]:PORT, got \"" + std::string(text) + "\"";
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos || text.find(':') != colon) {
            error = "expected HOST:PORT, got \"" + std::string(text) + "\"";
            return std::nullopt;
        }
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    unsigned port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() ||
        port > 65535 || (port == 0 && !allow_port_zero)) {
        error = "bad port \"" + std::string(port_text) + "\"";
        return std::nullopt;
    }
    boost::system::error_code parse_error;
    const auto address = boost::asio::ip::make_address(std::string(host), parse_error);
    if (parse_error) {
        error = "\"" + std::string(host) + "\" is not a numeric IP address";
        return std::nullopt;
    }
    if (!address.is_loopback()) {
        error = std::string(host) +
                " is not a loopback address; the admin interface has no authentication, so it "
                "listens on 127.0.0.0/8 or ::1 only";
        return std::nullopt;
    }
    return AdminEndpoint{address.to_string(), static_cast<std::uint16_t>(port)};
}

}  // namespace dialtone::ops
