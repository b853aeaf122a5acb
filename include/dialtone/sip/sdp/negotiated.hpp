#pragma once
// What an offer/answer exchange settled, from our side, for the media layer: the same shape
// whether we offered (apply_answer) or answered (make_answer).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/sdp/direction.hpp"
#include "dialtone/sip/sdp/event_set.hpp"

namespace dialtone::sdp {

// A codec both sides have. Payload type numbers in an SDP are what its author expects to
// receive (RFC 3264 §5.1, §6.1), so we send with the peer's number and receive ours; they
// differ when an answer renumbers a dynamic type (RFC 4317 §2.3).
struct NegotiatedCodec {
    std::string name;
    std::uint32_t clock_rate = 0;
    std::uint32_t channels = 1;
    std::uint8_t send_payload_type = 0;
    std::uint8_t receive_payload_type = 0;
    std::string send_fmtp;     // the peer's fmtp: what it accepts
    std::string receive_fmtp;  // ours

    bool operator==(const NegotiatedCodec&) const = default;
};

struct NegotiatedTelephoneEvent {
    std::uint32_t clock_rate = 8000;
    std::uint8_t send_payload_type = 101;
    std::uint8_t receive_payload_type = 101;
    EventSet send_events;     // what the peer accepts: only these may be sent
    EventSet receive_events;  // what we said we accept

    bool operator==(const NegotiatedTelephoneEvent&) const = default;
};

struct TransportAddress {
    std::string address;
    std::uint16_t port = 0;

    bool operator==(const TransportAddress&) const = default;
};

struct NegotiatedStream {
    std::size_t index = 0;  // position of the m= line
    std::string media;
    std::string proto;
    // False when either side put port 0: no media and no RTCP at all (RFC 3264 §6).
    bool active = false;
    // Ours: SendOnly means we send and the peer does not. Already takes in hold by
    // direction attribute or by a 0.0.0.0 address (RFC 3264 §8.4).
    Direction direction = Direction::Inactive;
    // Common codecs in the peer's order of preference. front() is the one to send with
    // (RFC 3264 §6.1: the most preferred of the peer's formats that both have).
    std::vector<NegotiatedCodec> codecs;
    // telephone-event at the clock rate of codecs.front() (else the first one agreed).
    std::optional<NegotiatedTelephoneEvent> telephone_event;
    // The peer's a=ptime/maxptime: how it likes to receive, so how we packetize.
    std::optional<std::uint32_t> send_ptime;
    std::optional<std::uint32_t> send_maxptime;
    std::optional<std::uint32_t> receive_ptime;  // ours
    TransportAddress remote_rtp;
    TransportAddress remote_rtcp;  // a=rtcp of the peer (RFC 3605), else RTP port + 1
    TransportAddress local_rtp;
    TransportAddress local_rtcp;
    // Answerer side: which MediaCapabilities stream serves this m= line.
    std::optional<std::size_t> capability_index;

    bool sends() const { return active && dialtone::sdp::sends(direction); }
    bool receives() const { return active && dialtone::sdp::receives(direction); }
    const NegotiatedCodec* send_codec() const { return codecs.empty() ? nullptr : &codecs[0]; }
    bool operator==(const NegotiatedStream&) const = default;
};

struct NegotiatedSession {
    std::vector<NegotiatedStream> streams;  // one per m= line, in order

    bool has_active_stream() const;
    bool operator==(const NegotiatedSession&) const = default;
};

}  // namespace dialtone::sdp
