#pragma once
// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
// (RFC 4566 §6), and the static payload types of RFC 3551 §6 that need no rtpmap.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::sdp {

struct RtpMap {
    std::uint8_t payload_type = 0;  // 0-127
    std::string encoding_name;      // "PCMU", "opus", "telephone-event": compare ignoring case
    std::uint32_t clock_rate = 0;   // Hz, > 0
    // Audio: the number of channels; absent means one (RFC 4566 §6).
    std::optional<std::uint32_t> encoding_parameters;

    std::uint32_t channels() const { return encoding_parameters.value_or(1); }
    // Same codec: encoding names equal ignoring case (RFC 4855 §3), same clock rate and
    // channel count. The payload type numbers do not matter.
    bool same_codec(const RtpMap& other) const;
    // "PCMU/8000", "opus/48000/2": the text after the payload type.
    std::string encoding() const;
    bool operator==(const RtpMap&) const = default;
};

// Parses the value of a=rtpmap (without "rtpmap:"); surrounding spaces are ignored.
std::optional<RtpMap> parse_rtpmap(std::string_view value);

// RFC 3551 §6 Tables 4 and 5: the encoding a static payload type stands for when the media
// description has no rtpmap for it (0 PCMU/8000, 8 PCMA/8000, 9 G722/8000, 18 G729/8000,
// 31 H261/90000 ...). Nothing for reserved, unassigned and dynamic (96-127) numbers.
std::optional<RtpMap> static_payload_type(std::uint8_t payload_type);

// Whether `fmt` (an m= line format) is an RTP payload type number, 0-127; which one.
std::optional<std::uint8_t> parse_payload_type(std::string_view fmt);

}  // namespace dialtone::sdp
