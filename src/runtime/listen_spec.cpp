#include "runtime/listen_spec.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>

#include <fmt/format.h>

namespace dialtone::runtime {

namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != prefix[i]) return false;
    }
    return true;
}

bool parse_port(std::string_view text, std::uint16_t& port) {
    if (text.empty() || text.size() > 5) return false;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

}  // namespace

std::string ListenSpec::to_string() const {
    std::string out;
    if (udp) out += "udp";
    if (tcp) out += out.empty() ? "tcp" : "+tcp";
    if (tls) out += out.empty() ? "tls" : "+tls";
    out += ':';
    const bool v6 = address.find(':') != std::string::npos;
    out += v6 ? fmt::format("[{}]", address) : address;
    out += ':';
    out += std::to_string(port);
    return out;
}

std::optional<ListenSpec> parse_listen_spec(std::string_view text, std::string& error) {
    const std::string original(text);
    ListenSpec spec;
    if (iequals_prefix(text, "udp:")) {
        spec.tcp = false;
        text.remove_prefix(4);
    } else if (iequals_prefix(text, "tcp:")) {
        spec.udp = false;
        text.remove_prefix(4);
    } else if (iequals_prefix(text, "tls:")) {
        spec.udp = false;
        spec.tcp = false;
        spec.tls = true;
        text.remove_prefix(4);
    }

    std::string_view host;
    std::string_view port;
    bool bracketed = false;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) {
            error = fmt::format("'{}': IPv6 address lacks its closing ']'", original);
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        bracketed = true;
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                error = fmt::format("'{}': expected ':PORT' after ']'", original);
                return std::nullopt;
            }
            port = rest.substr(1);
            if (port.empty()) {
                error = fmt::format("'{}': empty port", original);
                return std::nullopt;
            }
        }
    } else {
        const std::size_t first = text.find(':');
        const std::size_t last = text.rfind(':');
        if (first != std::string_view::npos && first == last) {
            host = text.substr(0, first);
            port = text.substr(first + 1);
            if (port.empty()) {
                error = fmt::format("'{}': empty port", original);
                return std::nullopt;
            }
        } else {
            host = text;  // no colon, or a bare IPv6 address
        }
    }

    if (host.empty()) {
        error = fmt::format("'{}': missing address (use 0.0.0.0 or [::] for all)", original);
        return std::nullopt;
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(host), ec);
    if (ec) {
        error = fmt::format("'{}': '{}' is not an IPv4 or IPv6 address", original, host);
        return std::nullopt;
    }
    if (bracketed && !address.is_v6()) {
        error = fmt::format("'{}': only IPv6 addresses go in brackets", original);
        return std::nullopt;
    }
    spec.address = address.to_string();
    spec.port = spec.tls ? kDefaultSipsPort : kDefaultSipPort;
    if (!port.empty() && !parse_port(port, spec.port)) {
        error = fmt::format("'{}': port must be a number from 0 to 65535", original);
        return std::nullopt;
    }
    return spec;
}

}  // namespace dialtone::runtime
