#pragma once
// One media section (RFC 4566 §5.14): the m= line and the i=, c=, b=, k=, a= lines (and
// unknown lines) that follow it, with typed readers for what offer/answer needs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/sdp/attribute_values.hpp"
#include "dialtone/sip/sdp/direction.hpp"
#include "dialtone/sip/sdp/fields.hpp"
#include "dialtone/sip/sdp/rtpmap.hpp"

namespace dialtone::sdp {

struct MediaDescription {
    // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    std::string media;  // "audio", "video", "image", "application", "text", "message"
    std::uint16_t port = 0;
    std::optional<std::uint32_t> port_count;
    std::string proto;                 // "RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVPF", "udptl"
    std::vector<std::string> formats;  // payload type numbers for RTP, as written
    std::optional<std::string> title;  // i=
    std::vector<Connection> connections;
    std::vector<Bandwidth> bandwidths;
    std::optional<std::string> key;  // k= (obsolete, kept)
    std::vector<Attribute> attributes;
    std::vector<ExtraLine> extra_lines;

    // Port zero: a stream that is rejected or removed (RFC 3264 §6, §8.2).
    bool rejected() const { return port == 0; }
    // Whether proto names an RTP profile ("RTP/AVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVP"...):
    // then the formats are payload type numbers (RFC 4566 §5.14).
    bool is_rtp() const;
    // The formats that are payload type numbers, in m= line order.
    std::vector<std::uint8_t> payload_types() const;

    // The first attribute called `name` (ignoring case); nullptr when absent.
    const Attribute* attribute(std::string_view name) const;
    // The encoding of a payload type: its rtpmap, or RFC 3551's static assignment when the
    // section has no rtpmap for it. The first rtpmap for a number wins.
    std::optional<RtpMap> codec(std::uint8_t payload_type) const;
    // Only the rtpmap, without the static fallback.
    std::optional<RtpMap> rtpmap(std::uint8_t payload_type) const;
    // The parameters of a=fmtp for a format, matched numerically for RTP ("0" = "00").
    std::optional<std::string_view> fmtp(std::string_view format) const;
    // a=ptime / a=maxptime in milliseconds.
    std::optional<std::uint32_t> ptime() const;
    std::optional<std::uint32_t> maxptime() const;
    // The direction attribute of this section, if it has one (the first wins).
    std::optional<Direction> direction() const;
    // a=rtcp (RFC 3605).
    std::optional<RtcpAttribute> rtcp() const;

    bool operator==(const MediaDescription&) const = default;
};

}  // namespace dialtone::sdp
