#pragma once
// What we can do, described once and used to build offers and answers (RFC 3264).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/sdp/direction.hpp"
#include "dialtone/sip/sdp/event_set.hpp"
#include "dialtone/sip/sdp/fields.hpp"

namespace dialtone::sdp {

// A codec we can send and receive, matched by encoding name (ignoring case), clock rate and
// channels. For RTP streams `payload_type` is the number we offer it under: its static
// number (RFC 3551) or one of the dynamic 96-127. For other transports (T.38 over udptl...)
// `name` is the m= format itself and the rest is unused.
struct Codec {
    std::string name;
    std::uint32_t clock_rate = 8000;
    std::uint32_t channels = 1;
    std::uint8_t payload_type = 0;
    // a=fmtp parameters describing what we receive (e.g. "annexb=no"); none when empty.
    std::string fmtp;

    bool operator==(const Codec&) const = default;
};

// The codec RFC 3551 assigns a static payload type (static_codec(0) is PCMU/8000 on 0).
std::optional<Codec> static_codec(std::uint8_t payload_type);

// telephone-event (RFC 4733) at one clock rate, under our payload type.
struct TelephoneEventFormat {
    std::uint8_t payload_type = 101;
    std::uint32_t clock_rate = 8000;
    EventSet events = EventSet::range(0, 16);  // DTMF 0-15 and flash (16)

    bool operator==(const TelephoneEventFormat&) const = default;
};

// One stream we can carry. A stream whose port is 0 is disabled: offers write it rejected
// (RFC 3264 §8.2) and answers never use it.
struct StreamCapabilities {
    std::string media = "audio";
    std::string proto = "RTP/AVP";
    std::vector<Codec> codecs;  // in our order of preference
    std::vector<TelephoneEventFormat> telephone_events;
    std::optional<std::uint32_t> ptime;     // ms we like to receive; a=ptime
    std::optional<std::uint32_t> maxptime;  // a=maxptime
    // What we are willing to do on this stream; sendrecv unless we only listen or talk.
    Direction direction = Direction::SendRecv;
    std::string address;  // where we receive; empty: MediaCapabilities::address
    std::uint16_t port = 0;
    // Written as a=rtcp (RFC 3605) when set and not port + 1.
    std::optional<std::uint16_t> rtcp_port;
    // Written as they are after the attributes we generate (a=crypto, a=X-nat ...).
    std::vector<Attribute> extra_attributes;

    bool operator==(const StreamCapabilities&) const = default;
};

struct MediaCapabilities {
    std::string username = "-";  // o= username
    std::string session_name = "-";
    // Session c= (IPv6 when it holds a ':'). Needed unless every stream has its own
    // address: an active stream without any c= is not valid SDP (RFC 4566 §5.7).
    std::string address;
    std::string origin_address;  // o= address; empty: `address`
    std::vector<StreamCapabilities> streams;
    // Write a=sendrecv although it is the default (RFC 3264 §5.1); some old gateways only
    // resume from hold when they see it.
    bool write_sendrecv = false;

    bool operator==(const MediaCapabilities&) const = default;
};

}  // namespace dialtone::sdp
