#include "runtime/response_route.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "dialtone/sip/message/value_list.hpp"
#include "runtime/header_scan.hpp"
#include "runtime/peer_text.hpp"

namespace dialtone::runtime {

namespace {

std::uint16_t default_port(transport::Transport t) {
    return t == transport::Transport::Tls ? 5061 : 5060;
}

// A numeric address in the form the runtime uses: no brackets, canonical text.
std::optional<std::string> numeric(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(text, ec);
    if (ec) return std::nullopt;
    return address.is_v4() ? ipv4_text(address.to_v4()) : address.to_string();
}

std::optional<std::uint16_t> port_number(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::optional<transport::Endpoint> response_destination(const message::Via& via,
                                                        transport::Transport transport,
                                                        std::string& error) {
    const std::uint16_t sent_by_port =
        via.has_port && via.port != 0 ? via.port : default_port(transport);
    transport::Endpoint to{transport, {}, sent_by_port};
    const bool reliable = transport::is_reliable(transport);
    std::string_view host;
    std::string_view what;
    if (!reliable && !via.maddr.empty()) {
        host = via.maddr;
        what = "maddr";
    } else if (!via.received.empty()) {
        host = via.received;
        what = "received";
        if (!reliable && via.has_rport && !via.rport.empty()) {
            const auto rport = port_number(via.rport);
            if (!rport) {
                error = fmt::format("Via rport '{}' is not a port number", via.rport);
                return std::nullopt;
            }
            to.port = *rport;
        }
    } else {
        host = via.host.address();
        what = "sent-by";
    }
    auto ip = numeric(host);
    if (!ip) {
        error = fmt::format("Via {} '{}' is not an IP address (needs RFC 3263 §5 resolution)", what,
                            host);
        return std::nullopt;
    }
    to.ip = std::move(*ip);
    return to;
}

std::optional<transport::Endpoint> response_destination(std::string_view response,
                                                        transport::Transport transport,
                                                        std::string& error) {
    const std::string_view line = first_header_value(response, "via", 'v');
    message::ValueListCursor cursor(line);
    std::string_view top;
    if (line.empty() || !cursor.next(top)) {
        error = "response has no Via";
        return std::nullopt;
    }
    auto via = message::parse_via(top);
    if (!via.ok()) {
        error = fmt::format("top Via does not parse: {}", via.error().description());
        return std::nullopt;
    }
    return response_destination(*via, transport, error);
}

}  // namespace dialtone::runtime
