#include "sip/sdp/sdp_builder.hpp"

#include "sip/sdp/text.hpp"

namespace dialtone::sdp::detail {

std::string_view addrtype_for(std::string_view address) {
    return address.find(':') == std::string_view::npos ? "IP4" : "IP6";
}

Connection connection_for(std::string_view address) {
    return Connection{"IN", std::string(addrtype_for(address)), std::string(address)};
}

Origin new_origin(const MediaCapabilities& caps, std::uint64_t id, std::uint64_t version) {
    const std::string& address = caps.origin_address.empty() ? caps.address : caps.origin_address;
    return Origin{caps.username,
                  text::decimal(id),
                  text::decimal(version),
                  "IN",
                  std::string(addrtype_for(address)),
                  address};
}

SessionDescription session_lines(const MediaCapabilities& caps, Origin origin) {
    SessionDescription sdp;
    sdp.origin = std::move(origin);
    sdp.session_name = caps.session_name;
    if (!caps.address.empty()) sdp.connection = connection_for(caps.address);
    sdp.timings.push_back(Timing{0, 0, {}});  // RFC 3264 §5: "t=0 0"
    return sdp;
}

const std::string& stream_address(const MediaCapabilities& caps, const StreamCapabilities& s) {
    return s.address.empty() ? caps.address : s.address;
}

std::uint16_t rtcp_port_of(const StreamCapabilities& s) {
    if (s.rtcp_port) return *s.rtcp_port;
    // RFC 3550 §11: RTCP on the next port up.
    return s.port == 65535 ? 0 : static_cast<std::uint16_t>(s.port + 1);
}

void add_rtpmap(MediaDescription& m, std::string_view fmt, const RtpMap& map) {
    m.attributes.push_back(
        Attribute::with_value("rtpmap", std::string(fmt) + " " + map.encoding()));
}

void add_fmtp(MediaDescription& m, std::string_view fmt, std::string_view parameters) {
    m.attributes.push_back(
        Attribute::with_value("fmtp", std::string(fmt) + " " + std::string(parameters)));
}

void add_connection(MediaDescription& m, const MediaCapabilities& caps,
                    const StreamCapabilities& s) {
    if (!s.address.empty() && s.address != caps.address)
        m.connections.push_back(connection_for(s.address));
}

void add_stream_attributes(MediaDescription& m, const MediaCapabilities& caps,
                           const StreamCapabilities& s, Direction direction) {
    if (s.ptime) m.attributes.push_back(Attribute::with_value("ptime", text::decimal(*s.ptime)));
    if (s.maxptime)
        m.attributes.push_back(Attribute::with_value("maxptime", text::decimal(*s.maxptime)));
    // RFC 3605 §2.1: only needed when RTCP is not on the next port up.
    if (s.rtcp_port && (s.port == 65535 || *s.rtcp_port != s.port + 1))
        m.attributes.push_back(Attribute::with_value("rtcp", text::decimal(*s.rtcp_port)));
    if (direction != Direction::SendRecv || caps.write_sendrecv)
        m.attributes.push_back(Attribute::property(direction_name(direction)));
    for (const Attribute& a : s.extra_attributes)
        m.attributes.push_back(a);
}

namespace {

RtpMap codec_map(const Codec& c) {
    RtpMap map;
    map.payload_type = c.payload_type;
    map.encoding_name = c.name;
    map.clock_rate = c.clock_rate;
    if (c.channels > 1) map.encoding_parameters = c.channels;
    return map;
}

}  // namespace

MediaDescription offered_stream(const MediaCapabilities& caps, const StreamCapabilities& s,
                                Direction direction) {
    MediaDescription m;
    m.media = s.media;
    m.port = s.port;
    m.proto = s.proto;
    add_connection(m, caps, s);
    const bool rtp = m.is_rtp();
    for (const Codec& c : s.codecs) {
        const std::string fmt = rtp ? text::decimal(c.payload_type) : c.name;
        m.formats.push_back(fmt);
        if (rtp) add_rtpmap(m, fmt, codec_map(c));
        if (!c.fmtp.empty()) add_fmtp(m, fmt, c.fmtp);
    }
    if (rtp) {
        for (const TelephoneEventFormat& te : s.telephone_events) {
            const std::string fmt = text::decimal(te.payload_type);
            m.formats.push_back(fmt);
            add_rtpmap(m, fmt, RtpMap{te.payload_type, "telephone-event", te.clock_rate, {}});
            // RFC 4733 §2.4.1: no fmtp means DTMF 0-15, so that set needs none.
            if (!te.events.empty() && te.events != EventSet::dtmf())
                add_fmtp(m, fmt, te.events.to_string());
        }
    }
    add_stream_attributes(m, caps, s, direction);
    return m;
}

MediaDescription rejected_stream(const MediaDescription& from) {
    MediaDescription m;
    m.media = from.media;
    m.port = 0;
    m.proto = from.proto;
    if (from.formats.empty()) return m;
    m.formats.push_back(from.formats.front());
    if (from.is_rtp()) {
        if (const auto pt = parse_payload_type(from.formats.front()))
            if (const auto map = from.rtpmap(*pt)) add_rtpmap(m, m.formats.front(), *map);
    }
    return m;
}

MediaDescription disabled_stream(const StreamCapabilities& s) {
    MediaDescription m;
    m.media = s.media;
    m.port = 0;
    m.proto = s.proto;
    const bool rtp = m.is_rtp();
    if (!s.codecs.empty()) {
        m.formats.push_back(rtp ? text::decimal(s.codecs.front().payload_type)
                                : s.codecs.front().name);
    } else if (rtp) {
        m.formats.push_back("0");  // ignored (RFC 3264 §6), but SDP wants one
    }
    return m;
}

std::string increment_decimal(std::string_view digits) {
    std::string out(digits);
    std::size_t i = out.size();
    while (i > 0) {
        --i;
        if (out[i] != '9') {
            ++out[i];
            return out;
        }
        out[i] = '0';
    }
    return "1" + out;
}

void settle_version(SessionDescription& next, const SessionDescription& previous) {
    next.origin = previous.origin;
    if (next != previous)
        next.origin.session_version = increment_decimal(previous.origin.session_version);
}

}  // namespace dialtone::sdp::detail
