#pragma once
// What a UserAgent asks its runtime to do, and what it tells the application. Every input
// appends these to a vector the caller owns (as the TransactionLayer does with its Actions);
// the caller carries them out in order. See user_agent.hpp for the driving loop.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/sdp/negotiated.hpp"
#include "dialtone/sip/transaction/handles.hpp"
#include "dialtone/sip/transaction/instant.hpp"

namespace dialtone::dialog {

using transaction::Duration;
using transaction::Instant;

// A call (an INVITE session, RFC 3261 §13) the UserAgent owns. 0 is never a call.
struct CallHandle {
    std::uint64_t value = 0;
    explicit operator bool() const { return value != 0; }
    friend bool operator==(const CallHandle&, const CallHandle&) = default;
};

// Names a request the UserAgent asked the runtime to send, until the runtime binds it to
// the client transaction it started (UserAgent::on_request_started).
using RequestToken = std::uint64_t;

// Names a timer the UserAgent started; every start gets a new one.
struct UaTimerId {
    std::uint64_t value = 0;
    friend bool operator==(const UaTimerId&, const UaTimerId&) = default;
};

// ---- for the runtime ----

// Start a client transaction for `request`: resolve `next_hop` (a URI, RFC 3263), call
// TransactionLayer::send_request, then UserAgent::on_request_started(token, handle) at
// once, or UserAgent::on_request_failed(token) when no destination or no transaction.
struct SendRequest {
    RequestToken token = 0;
    message::Message request;
    std::string next_hop;
};

// TransactionLayer::send_response(txn, response). `retransmission`: a 2xx re-sent by the
// §13.3.1.4 timer (or a reliable 1xx by the RFC 3262 timer).
struct SendResponse {
    transaction::ServerHandle txn;
    message::Message response;
    bool retransmission = false;
};

// The ACK for a 2xx (§13.2.2.4), outside any transaction: resolve `next_hop` and call
// TransactionLayer::send_stateless.
struct SendAck {
    message::Message ack;
    std::string next_hop;
};

// Arm a timer; when due, call UserAgent::on_timer(id, now).
struct StartTimer {
    UaTimerId id;
    Duration duration{0};
    Instant due;
};

// The timer is no longer needed (stale timers are ignored anyway).
struct CancelTimer {
    UaTimerId id;
};

// ---- for the application ----

// An INVITE arrived that starts a call. Answer with ringing/answer/reject.
struct IncomingCall {
    CallHandle call;
    std::string from;  // the From header value
    std::string to;
    std::string request_uri;
    bool has_offer = false;  // false: delayed offer, we offer in the 2xx
};

// A provisional response to our INVITE (180 Ringing, 183 Session Progress ...), or the
// early session it set up (RFC 3261 §13.2.1 early media, answer in a 1xx).
struct Progress {
    CallHandle call;
    int status = 180;
    std::string reason;
    std::optional<sdp::NegotiatedSession> early_media;
};

// The call is established: the 2xx was received (UAC) or our 2xx was ACKed (UAS), and the
// offer/answer exchange is complete.
struct Answered {
    CallHandle call;
    sdp::NegotiatedSession session;
};

// A later offer/answer exchange (re-INVITE, UPDATE) changed the session: hold, resume, new
// codecs or addresses. `by_peer`: the peer's offer; otherwise our hold/resume succeeded.
struct MediaUpdated {
    CallHandle call;
    sdp::NegotiatedSession session;
    bool by_peer = false;
};

// Our re-INVITE or UPDATE failed with `status`; the previous session stays (§14.1).
struct ModifyFailed {
    CallHandle call;
    int status = 0;
};

enum class EndReason : std::uint8_t {
    LocalHangup,     // we sent BYE or CANCEL, or rejected
    RemoteHangup,    // the peer sent BYE
    Cancelled,       // the caller cancelled before we answered
    Rejected,        // a final non-2xx to our INVITE (status says which)
    Timeout,         // no response (408), or 2xx never ACKed (§13.3.1.4)
    TransportError,  // the request could not be sent (503)
    SessionExpired,  // RFC 4028: no refresh came in time
    DialogGone,      // 481 or 408 to an in-dialog request (§12.2.1.2)
    ForkedExtra,     // a second dialog of a forked INVITE, ended with BYE
};

struct Ended {
    CallHandle call;
    EndReason reason = EndReason::LocalHangup;
    int status = 0;  // the SIP status behind the reason, when there is one
};

// A DTMF digit sent as SIP INFO (application/dtmf-relay or application/dtmf).
struct DtmfInfo {
    CallHandle call;
    char digit = 0;
    std::uint32_t duration_ms = 0;
};

using UaAction =
    std::variant<SendRequest, SendResponse, SendAck, StartTimer, CancelTimer, IncomingCall,
                 Progress, Answered, MediaUpdated, ModifyFailed, Ended, DtmfInfo>;

// What became of a request the application made.
enum class OpStatus : std::uint8_t {
    Ok,
    NoSuchCall,
    WrongState,    // e.g. answer() on a call we placed, hold() before it is answered
    OfferPending,  // an offer/answer exchange is under way (RFC 3264 §4, RFC 3311 §5.1)
    BadInput,      // an unparsable target URI, a digit INFO cannot carry, ...
    NotAcceptable  // the peer's offer has nothing our capabilities take (488 sent)
};

std::string_view op_status_name(OpStatus s);

}  // namespace dialtone::dialog

template <>
struct std::hash<dialtone::dialog::UaTimerId> {
    std::size_t operator()(const dialtone::dialog::UaTimerId& t) const noexcept {
        return std::hash<std::uint64_t>{}(t.value);
    }
};
