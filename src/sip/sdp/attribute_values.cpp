#include "dialtone/sip/sdp/attribute_values.hpp"

#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

std::optional<Fmtp> parse_fmtp(std::string_view value) {
    value = text::trim(value);
    std::size_t i = 0;
    while (i < value.size() && !text::is_space(value[i]))
        ++i;
    const std::string_view format = value.substr(0, i);
    if (!text::is_token(format)) return std::nullopt;
    return Fmtp{format, text::trim(value.substr(i))};
}

std::optional<std::uint32_t> parse_packet_time(std::string_view value) {
    value = text::trim(value);
    const std::size_t dot = value.find('.');
    if (dot != std::string_view::npos) {
        const std::string_view fraction = value.substr(dot + 1);
        if (!fraction.empty() && !text::is_decimal(fraction)) return std::nullopt;
        value = value.substr(0, dot);
    }
    const auto ms = text::parse_uint<std::uint32_t>(value);
    if (!ms || *ms == 0) return std::nullopt;
    return ms;
}

std::optional<RtcpAttribute> parse_rtcp(std::string_view value) {
    const auto parts = text::fields(value);
    if (parts.size() != 1 && parts.size() != 4) return std::nullopt;
    const auto port = text::parse_uint<std::uint16_t>(parts[0]);
    if (!port) return std::nullopt;
    RtcpAttribute out;
    out.port = *port;
    if (parts.size() == 4) {
        if (!text::is_token(parts[1]) || !text::is_token(parts[2]) || !text::is_visible(parts[3])) {
            return std::nullopt;
        }
        out.address =
            Connection{std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
    }
    return out;
}

}  // namespace dialtone::sdp
