#include "dialtone/sip/sdp/media_description.hpp"

#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

bool MediaDescription::is_rtp() const {
    // RFC 4566 §5.14 "RTP/AVP", "RTP/SAVP" (RFC 3711), "RTP/AVPF" (RFC 4585), and the
    // "UDP/TLS/RTP/SAVP(F)" of RFC 5764: any proto with an "RTP/" component.
    const std::string_view p = proto;
    for (std::size_t i = 0; i + 4 <= p.size(); ++i) {
        if ((i == 0 || p[i - 1] == '/') && text::iequals(p.substr(i, 4), "RTP/")) return true;
    }
    return false;
}

std::vector<std::uint8_t> MediaDescription::payload_types() const {
    std::vector<std::uint8_t> out;
    if (!is_rtp()) return out;
    for (const std::string& f : formats)
        if (const auto pt = parse_payload_type(f)) out.push_back(*pt);
    return out;
}

const Attribute* MediaDescription::attribute(std::string_view name) const {
    return find_attribute(attributes, name);
}

std::optional<RtpMap> MediaDescription::rtpmap(std::uint8_t payload_type) const {
    for (const Attribute& a : attributes) {
        if (!a.has_value || !text::iequals(a.name, "rtpmap")) continue;
        auto m = parse_rtpmap(a.value);
        if (m && m->payload_type == payload_type) return m;
    }
    return std::nullopt;
}

std::optional<RtpMap> MediaDescription::codec(std::uint8_t payload_type) const {
    if (auto m = rtpmap(payload_type)) return m;
    return static_payload_type(payload_type);
}

std::optional<std::string_view> MediaDescription::fmtp(std::string_view format) const {
    const bool rtp = is_rtp();
    const auto wanted_pt = rtp ? parse_payload_type(format) : std::nullopt;
    for (const Attribute& a : attributes) {
        if (!a.has_value || !text::iequals(a.name, "fmtp")) continue;
        const auto f = parse_fmtp(a.value);
        if (!f) continue;
        const bool match =
            wanted_pt ? parse_payload_type(f->format) == wanted_pt : f->format == format;
        if (match) return f->parameters;
    }
    return std::nullopt;
}

namespace {

std::optional<std::uint32_t> packet_time(const MediaDescription& m, std::string_view name) {
    const Attribute* a = m.attribute(name);
    if (a == nullptr || !a->has_value) return std::nullopt;
    return parse_packet_time(a->value);
}

}  // namespace

std::optional<std::uint32_t> MediaDescription::ptime() const {
    return packet_time(*this, "ptime");
}

std::optional<std::uint32_t> MediaDescription::maxptime() const {
    return packet_time(*this, "maxptime");
}

std::optional<Direction> MediaDescription::direction() const {
    for (const Attribute& a : attributes)
        if (auto d = parse_direction(a.name)) return d;
    return std::nullopt;
}

std::optional<RtcpAttribute> MediaDescription::rtcp() const {
    const Attribute* a = attribute("rtcp");
    if (a == nullptr || !a->has_value) return std::nullopt;
    return parse_rtcp(a->value);
}

}  // namespace dialtone::sdp
