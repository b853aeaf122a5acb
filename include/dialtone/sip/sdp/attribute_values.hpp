#pragma once
// Parsers for the values of the attributes offer/answer reads, besides rtpmap: fmtp
// (RFC 4566 §6), ptime and maxptime (RFC 4566 §6), rtcp (RFC 3605 §2.1). Each takes the
// text after "<name>:" and ignores spaces around it.

#include <cstdint>
#include <optional>
#include <string_view>

#include "dialtone/sip/sdp/fields.hpp"

namespace dialtone::sdp {

// a=fmtp:<format> <format specific parameters>. Views into the parsed value.
struct Fmtp {
    std::string_view format;
    std::string_view parameters;  // may be empty ("a=fmtp:101" is accepted)
};
std::optional<Fmtp> parse_fmtp(std::string_view value);

// a=ptime / a=maxptime: milliseconds. A fraction ("20.0", sent by a few phones) is cut off.
// Zero is refused: a packet holds some media.
std::optional<std::uint32_t> parse_packet_time(std::string_view value);

// a=rtcp:<port> [<nettype> <addrtype> <connection-address>] (RFC 3605 §2.1).
struct RtcpAttribute {
    std::uint16_t port = 0;
    std::optional<Connection> address;

    bool operator==(const RtcpAttribute&) const = default;
};
std::optional<RtcpAttribute> parse_rtcp(std::string_view value);

}  // namespace dialtone::sdp
