#pragma once
// The user-agent core (RFC 3261 §8, §12-§15) with INVITE sessions, as a sans-I/O state
// machine (DESIGN.md §2.1). It sits on top of a TransactionLayer it does not own: it builds
// requests and responses, keeps dialogs, runs offer/answer (RFC 3264) over the caller's
// MediaCapabilities, and returns what must happen as UaActions (ua_action.hpp). It never
// reads a clock, draws OS randomness (UaConfig::random) or touches a socket. One UserAgent
// belongs to one worker thread, like its TransactionLayer; it is not thread-safe.
//
// What it does for you:
//  - UAC (§8.1): From tag, Call-ID, CSeq, Via branch, Max-Forwards 70, Contact, Allow,
//    Supported, the outbound proxy as pre-loaded Route; a 401/407 is answered once per
//    request with UaConfig::credentials (same Call-ID, CSeq + 1, new branch); a 3xx is
//    followed to its first Contact (UaConfig::max_redirects); the ACK for every 2xx
//    (§13.2.2.4) is built here and re-sent for each retransmitted 2xx; hangup before the
//    answer sends CANCEL, but only once a provisional response came (§9.1).
//  - Dialogs (§12): early dialogs from 1xx with a To tag, one per fork; the first 2xx wins,
//    a later 2xx of another fork is ACKed and ended with BYE (UaConfig::bye_extra_forks).
//  - UAS (§8.2): 405 + Allow, 415 + Accept, 420 + Unsupported, 481 for requests in unknown
//    dialogs, 500 for a CSeq lower than the dialog's (§12.2.2), 491 to an offer that
//    crosses ours (RFC 3261 §14.2, RFC 3311 §5.2); our 2xx to an INVITE is re-sent from T1,
//    doubling to T2, until the ACK comes, and after 64*T1 without one the call is ended
//    with BYE (§13.3.1.4).
//  - Sessions: offer in the INVITE or delayed (offer in our 2xx, answer in the ACK, and the
//    mirror image as UAC); hold/resume by re-INVITE or UPDATE (sendonly/inactive, RFC 3264
//    §8.4), a failed one keeping the old session; 491 retried after the §14.1 back-off;
//    PRACK for reliable 1xx (RFC 3262), reliable 1xx of our own when the INVITE requires
//    100rel; early media from an answer in a 1xx; RFC 4028 session timers both ways (422,
//    refresh at half the interval, BYE when the peer fails to refresh); DTMF by INFO.
//
// How a runtime drives it, next to its TransactionLayer `layer` (tests/unit/dialog/
// ua_harness.hpp does exactly this on a simulated clock):
//
//   std::vector<UaAction> ua_out;
//   // 1. Transaction-layer actions meant for the TU go to the UserAgent:
//   DeliverRequest   -> ua.on_request(d, now, ua_out)   (requests, CANCELs and ACKs)
//   DeliverResponse  -> ua.on_response(d, now, ua_out)
//   Stray            -> ua.on_stray(s, now, ua_out)     (ACKs for 2xx, late 2xx)
//   Timeout          -> ua.on_timeout(t, now, ua_out)
//   TransportFailure -> ua.on_transport_failure(f, now, ua_out)
//   Terminated       -> ua.on_terminated(t)
//   // 2. The application's wishes: ua.invite(...), ua.answer(...), ua.hangup(...) ...
//   // 3. Then carry out ua_out in order:
//   SendRequest  r -> dest = resolve(r.next_hop);   (RFC 3263; literal_destination() helps)
//                     h = layer.send_request(r.request, dest, now, layer_out);
//                     h ? ua.on_request_started(r.token, *h)
//                       : ua.on_request_failed(r.token, now, ua_out);   // acts as 503
//   SendResponse r -> layer.send_response(r.txn, r.response, now, layer_out)
//   SendAck      a -> layer.send_stateless(a.ack, resolve(a.next_hop), layer_out)
//   StartTimer   t -> wheel.add(t.due, t.id); when due: ua.on_timer(t.id, now, ua_out)
//   CancelTimer  t -> wheel.remove(t.id)                 (optional: stale timers are ignored)
//   IncomingCall, Progress, Answered, MediaUpdated, ModifyFailed, Ended, DtmfInfo
//                  -> the application (start/stop RTP from Answered/MediaUpdated, ...)
//   // and the layer_out actions back into the transaction-layer loop as usual.
//
// on_request_started must be called before any other input reaches the UserAgent, so the
// response that follows finds its request. Actions may be executed while more inputs are
// queued: the UserAgent keeps no references into the vectors it was given.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/dialog/dialog.hpp"
#include "dialtone/sip/dialog/session_timer.hpp"
#include "dialtone/sip/dialog/ua_action.hpp"
#include "dialtone/sip/dialog/ua_config.hpp"
#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/sdp/capabilities.hpp"
#include "dialtone/sip/sdp/negotiated.hpp"
#include "dialtone/sip/transaction/action.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::dialog {

struct CallOptions {
    std::string target;  // Request-URI and To, e.g. "sip:bob@example.com"
    sdp::MediaCapabilities media;
    // INVITE without SDP: the peer offers in its 2xx (or reliable 1xx), we answer in the ACK
    // (or PRACK).
    bool delayed_offer = false;
};

enum class CallState : std::uint8_t {
    Calling,      // UAC: INVITE sent, no provisional yet
    Early,        // UAC: a provisional came (early dialog when it had a To tag)
    Incoming,     // UAS: INVITE received, not answered
    Answering,    // UAS: 2xx sent, waiting for the ACK
    Confirmed,    // the session is up
    Terminating,  // BYE or CANCEL sent, waiting for its answer
};

struct CallInfo {
    CallState state = CallState::Calling;
    bool outgoing = false;
    std::optional<DialogId> dialog;
    std::optional<sdp::NegotiatedSession> session;
    bool local_hold = false;
    std::optional<SessionTimer> session_timer;
};

class UserAgent {
  public:
    explicit UserAgent(UaConfig config);
    ~UserAgent();
    UserAgent(UserAgent&&) noexcept;
    UserAgent& operator=(UserAgent&&) noexcept;
    UserAgent(const UserAgent&) = delete;
    UserAgent& operator=(const UserAgent&) = delete;

    // --- the application ---
    // Places a call: an INVITE with an offer from `options.media` (or none when delayed).
    message::Result<CallHandle> invite(const CallOptions& options, Instant now,
                                       std::vector<UaAction>& out);
    // UAS: a provisional response (180 Ringing by default; 183 for progress). Sent reliably
    // (RFC 3262) when the INVITE required 100rel.
    OpStatus ringing(CallHandle call, Instant now, std::vector<UaAction>& out, int status = 180);
    // UAS: 200 with the answer to the INVITE's offer, or with our offer when it had none.
    // NotAcceptable when nothing in the offer matches `media` (the INVITE is answered 488).
    OpStatus answer(CallHandle call, const sdp::MediaCapabilities& media, Instant now,
                    std::vector<UaAction>& out);
    // UAS: a final non-2xx to the INVITE (486 Busy Here, 603 Decline ...).
    OpStatus reject(CallHandle call, int status, Instant now, std::vector<UaAction>& out);
    // Ends the call whatever its state: CANCEL (or after the first provisional), BYE, or
    // 603 to an unanswered incoming call.
    OpStatus hangup(CallHandle call, Instant now, std::vector<UaAction>& out);
    // RFC 3264 §8.4 hold (every stream sendonly, or inactive where the peer holds us) and
    // resume, by re-INVITE or UPDATE (UaConfig::prefer_update).
    OpStatus hold(CallHandle call, Instant now, std::vector<UaAction>& out);
    OpStatus resume(CallHandle call, Instant now, std::vector<UaAction>& out);
    // A DTMF digit (0-9 * # A-D) as INFO with application/dtmf-relay.
    OpStatus send_dtmf_info(CallHandle call, char digit, std::uint32_t duration_ms, Instant now,
                            std::vector<UaAction>& out);

    // --- the runtime: see the driving loop above ---
    void on_request_started(RequestToken token, transaction::ClientHandle txn);
    void on_request_failed(RequestToken token, Instant now, std::vector<UaAction>& out);
    void on_request(const transaction::DeliverRequest& d, Instant now, std::vector<UaAction>& out);
    void on_response(const transaction::DeliverResponse& d, Instant now,
                     std::vector<UaAction>& out);
    void on_stray(const transaction::Stray& s, Instant now, std::vector<UaAction>& out);
    void on_timeout(const transaction::Timeout& t, Instant now, std::vector<UaAction>& out);
    void on_transport_failure(const transaction::TransportFailure& f, Instant now,
                              std::vector<UaAction>& out);
    void on_terminated(const transaction::Terminated& t);
    void on_timer(UaTimerId id, Instant now, std::vector<UaAction>& out);

    // --- inspection ---
    std::size_t call_count() const;
    std::optional<CallInfo> call_info(CallHandle call) const;
    const Dialog* dialog(CallHandle call) const;
    const UaConfig& config() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// The destination of a next-hop URI whose host is an IP literal (port 5060, or 5061 for
// sips, when none is written; transport from its transport parameter, else `fallback`).
// nullopt for a host name: resolve it with RFC 3263 instead.
std::optional<transport::Endpoint> literal_destination(std::string_view uri,
                                                       transport::Transport fallback);

}  // namespace dialtone::dialog
