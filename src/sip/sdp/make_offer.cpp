// Offers: the initial one (RFC 3264 §5) and re-offers in an existing session (§8).

#include <algorithm>

#include "dialtone/sip/sdp/offer_answer.hpp"
#include "sip/sdp/sdp_builder.hpp"
#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

std::optional<Codec> static_codec(std::uint8_t payload_type) {
    const auto map = static_payload_type(payload_type);
    if (!map) return std::nullopt;
    return Codec{map->encoding_name, map->clock_rate, map->channels(), payload_type, {}};
}

bool ReofferOptions::holds(std::size_t index) const {
    return hold || std::find(hold_streams.begin(), hold_streams.end(), index) != hold_streams.end();
}

SessionDescription make_offer(const MediaCapabilities& caps, const OfferOptions& options) {
    SessionDescription sdp = detail::session_lines(
        caps, detail::new_origin(caps, options.session_id, options.session_version));
    for (const StreamCapabilities& s : caps.streams) {
        sdp.media.push_back(s.port == 0 ? detail::disabled_stream(s)
                                        : detail::offered_stream(caps, s, s.direction));
    }
    return sdp;
}

namespace {

// The direction a stream had before this re-offer, from our side: what was negotiated if
// we know it, else what our previous SDP said.
Direction previous_direction(const SessionDescription& previous, const ReofferOptions& options,
                             std::size_t index) {
    if (options.current != nullptr && index < options.current->streams.size()) {
        const NegotiatedStream& s = options.current->streams[index];
        if (s.active) return s.direction;
    }
    return previous.media_direction(index);
}

}  // namespace

SessionDescription make_reoffer(const SessionDescription& previous, const MediaCapabilities& caps,
                                const ReofferOptions& options) {
    SessionDescription sdp = detail::session_lines(caps, previous.origin);
    // RFC 3264 §6: the time of a session is not negotiated; keep what was agreed.
    if (!previous.timings.empty()) sdp.timings = previous.timings;

    std::vector<bool> used(caps.streams.size(), false);
    for (std::size_t i = 0; i < previous.media.size(); ++i) {
        const MediaDescription& before = previous.media[i];
        std::size_t k = 0;
        while (k < caps.streams.size() &&
               (used[k] || !text::iequals(caps.streams[k].media, before.media)))
            ++k;
        if (k == caps.streams.size() || caps.streams[k].port == 0) {
            if (k < caps.streams.size()) used[k] = true;
            sdp.media.push_back(detail::rejected_stream(before));  // §8.2
            continue;
        }
        used[k] = true;
        const StreamCapabilities& s = caps.streams[k];
        Direction d = s.direction;
        // §8.4: sendrecv -> sendonly, recvonly -> inactive; never more than we can do.
        if (options.holds(i)) d = intersect(hold(previous_direction(previous, options, i)), d);
        sdp.media.push_back(detail::offered_stream(caps, s, d));
    }
    for (std::size_t k = 0; k < caps.streams.size(); ++k) {
        const StreamCapabilities& s = caps.streams[k];
        if (used[k] || s.port == 0) continue;
        // §8.1: a new stream goes at the end.
        const Direction d = options.holds(sdp.media.size()) ? hold(s.direction) : s.direction;
        sdp.media.push_back(detail::offered_stream(caps, s, d));
    }
    detail::settle_version(sdp, previous);
    return sdp;
}

}  // namespace dialtone::sdp
