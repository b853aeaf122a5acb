#pragma once
// RFC 3263 §4.3 failover for one request, as a sans-I/O decision machine: it walks the
// ordered targets the locator produced, one client transaction per attempt, and says what
// each outcome of an attempt means. The caller (runtime::OutboundRequests, or a test on a
// simulated clock) starts the transactions and feeds back what the transaction layer
// reported; nothing here touches the layer, a socket or a clock.
//
//   - A response on the current attempt: delivered to the TU, except a 503 while another
//     target remains, which moves on instead (§4.3: "treated as a failure").
//   - Timeout (Timer B/F) or a transport error: the next target; when none is left the TU
//     gets 408 (timeout, §8.1.3.1) or 503 (transport error, §8.1.3.1 / §16.7 step 6).
//   - Once a final response was delivered, or the TU cancelled, there is no more failover.
//   - CANCEL (§9.1): only for an INVITE, only once a provisional response arrived; asked for
//     earlier, it waits for the first provisional response.

#include <cstdint>
#include <string>
#include <vector>

#include "dialtone/sip/transport/resolved_target.hpp"
#include "dialtone/sip/transport/target_list.hpp"

namespace dialtone::transport {

enum class AttemptFailure : std::uint8_t { Timeout, TransportError };

// What the caller does with an outcome of the current attempt.
enum class WalkVerdict : std::uint8_t {
    Deliver,  // pass the response to the TU
    Retry,    // start a new attempt at current() (a new transaction, a new branch)
    Fail,     // no target left (or cancelled): give the TU failure_status()
    Ignore,   // after the final response: nothing for the TU (a stray error, say)
};

// What cancel() asks the caller to do (§9.1).
enum class CancelStep : std::uint8_t {
    SendNow,             // a provisional response has arrived: send the CANCEL now
    WaitForProvisional,  // remembered; take_pending_cancel() says when to send it
    TooLate,             // a final response was already delivered
    NotInvite,           // §9.1: "SHOULD NOT" cancel other requests; refused
    AlreadyCancelled,
};

// One finished attempt, for logs and for the reason a TU or a user is shown.
struct AttemptRecord {
    Endpoint endpoint;
    std::string outcome;  // "timeout", "transport error: connection refused", "503"
};

class TargetWalk {
  public:
    TargetWalk(TargetList targets, bool invite);

    // The target of the attempt under way (or to start); null once none is left.
    const ResolvedTarget* current() const { return targets_.current(); }
    const TargetList& targets() const { return targets_; }

    // A response on the current attempt.
    WalkVerdict on_response(int status);
    // The current attempt failed; `detail` is for attempts().
    WalkVerdict on_failure(AttemptFailure failure, std::string detail = {});

    // 408 when the last attempt timed out, else 503; 503 when there was never a target.
    int failure_status() const;
    // "udp 192.0.2.1:5060: timeout; tcp 192.0.2.2:5060: transport error: ..."
    std::string failure_reason() const;

    CancelStep cancel();
    // True once (after the provisional response that makes the waiting CANCEL sendable).
    bool take_pending_cancel();

    bool final_delivered() const { return final_; }
    bool cancelled() const { return cancelled_; }
    bool provisional_seen() const { return provisional_; }
    const std::vector<AttemptRecord>& attempts() const { return attempts_; }

  private:
    WalkVerdict move_on(std::string outcome);

    TargetList targets_;
    bool invite_;
    bool provisional_ = false;
    bool final_ = false;
    bool cancelled_ = false;
    bool cancel_waiting_ = false;
    bool last_timed_out_ = false;
    std::vector<AttemptRecord> attempts_;
};

}  // namespace dialtone::transport
