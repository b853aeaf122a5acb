#pragma once
// The offer/answer model of RFC 3264 over MediaCapabilities. Pure functions: no clock, no
// randomness (session ids and versions come from the caller), so every rule is testable.
//
//   offerer                               answerer
//   make_offer(caps) ---- offer --------> make_answer(offer, caps) -> answer + negotiated
//   apply_answer(offer, answer) <-answer-
//   make_reoffer(last sent, caps, hold)   (same o=, version + 1 when changed, RFC 3264 §8)

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dialtone/sip/sdp/capabilities.hpp"
#include "dialtone/sip/sdp/error.hpp"
#include "dialtone/sip/sdp/negotiated.hpp"
#include "dialtone/sip/sdp/session_description.hpp"

namespace dialtone::sdp {

struct OfferOptions {
    // o= sess-id and sess-version: RFC 4566 §5.2 suggests an NTP timestamp for both.
    std::uint64_t session_id = 0;
    std::uint64_t session_version = 0;
};

// An initial offer (RFC 3264 §5): one m= line per capability stream, in order; codecs in our
// order of preference with rtpmap for every payload type (static ones too, §6.1 SHOULD),
// telephone-event after them.
SessionDescription make_offer(const MediaCapabilities& caps, const OfferOptions& options);

struct ReofferOptions {
    bool hold = false;                      // hold every stream (RFC 3264 §8.4)
    std::vector<std::size_t> hold_streams;  // or only these m= lines
    // The session in force, if known: a stream the peer already holds (we only receive) is
    // then held as inactive, not sendonly (RFC 3264 §8.4). Without it the direction of the
    // previous SDP is used.
    const NegotiatedSession* current = nullptr;

    bool holds(std::size_t index) const;
};

// A new offer in an existing session (RFC 3264 §8), from `previous`, the last SDP we sent
// (offer or answer). Keeps its o= line and bumps sess-version by one, unless nothing changed
// (then the version stays, §8). Every previous m= line stays at its place (§8: their number
// never shrinks): it takes the first unused capability stream of the same media type, or
// is written with port 0 when there is none or that stream's port is 0 (§8.2). Capability
// streams left over are added at the end (§8.1). Held streams per §8.4; others get the
// capability's direction (resume).
SessionDescription make_reoffer(const SessionDescription& previous, const MediaCapabilities& caps,
                                const ReofferOptions& options = {});

struct AnswerOptions {
    // o= of an answer that starts a session; ignored when `previous` is given.
    std::uint64_t session_id = 0;
    std::uint64_t session_version = 0;
    // In an existing session: the last SDP we sent. Its o= is kept, sess-version bumped
    // only when the answer differs from it (RFC 3264 §8); a re-offer with fewer m= lines is
    // refused.
    const SessionDescription* previous = nullptr;
    bool hold = false;  // answer every stream held (sendrecv -> sendonly ...)
};

struct Answer {
    SessionDescription sdp;
    NegotiatedSession negotiated;
};

// The answer to `offer` (RFC 3264 §6): one m= line per offered one, same order, same media
// and proto. Each offered stream takes the first unused capability stream of its media type
// and proto that shares a codec with it; streams that find none get port 0 (§6), listing
// the first offered format. Codecs: the intersection in the offerer's order, under the
// offerer's payload type numbers, dynamic ones matched by name/rate/channels (§6.1).
// Directions per the §6.1 table, narrowed by ours and by `hold`. telephone-event is kept
// when we support its clock rate and the event sets meet (their intersection is written).
// The t= lines are the offer's (§6). Fails with 488 when the offer had active streams and
// none could be accepted (RFC 3261 §21.4.26; warning 304 no such media, 302 transport,
// 305 no common codec), and for a re-offer with fewer m= lines than `previous`.
Result<Answer> make_answer(const SessionDescription& offer, const MediaCapabilities& caps,
                           const AnswerOptions& options = {});

// What our offer and the peer's answer settled (RFC 3264 §7). Fails (status 488) when the
// answer breaks RFC 3264: another number of m= lines (§6), another media type at a place
// (§6), a port on a stream we offered with port 0 (§6), or an accepted stream that shares no
// format with what we offered (§6.1). Formats the answer adds are legal (§6.1 "MAY indicate
// additional media formats") and ignored. Lenient: a direction the §6.1 table forbids
// (sendrecv to our sendonly) is narrowed to what our offer allowed, not refused; another
// t= is accepted.
Result<NegotiatedSession> apply_answer(const SessionDescription& our_offer,
                                       const SessionDescription& answer);

// How a peer's new SDP relates to its previous one in the same session (RFC 3264 §8).
enum class Revision {
    Unchanged,        // same o= and version: the same SDP, a no-op
    Changed,          // same o= apart from a higher version
    OriginChanged,    // username, session id, network or address differ
    VersionRegressed  // same o= with a lower version
};
Revision compare_revision(const SessionDescription& previous, const SessionDescription& next);

}  // namespace dialtone::sdp
