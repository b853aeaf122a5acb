// Non-INVITE server transaction, RFC 3261 §17.2.2.

#include "sip/transaction/machines.hpp"

namespace dialtone::transaction::detail {

void non_invite_server_start(Transaction& t, Effects&) {
    // No 100 (Trying) of its own: §17.2.2 has none, and RFC 4320 §4.1 forbids sending one
    // before Timer E could have reached T2.
    t.state = State::Trying;
}

void non_invite_server_retransmission(Transaction& t, Effects& fx) {
    if (t.state == State::Trying) {
        fx.absorbed();  // "any further request retransmissions are discarded"
        return;
    }
    // Proceeding: the most recent provisional. Completed: the final response.
    fx.send(t, t.last_response, true);
}

ResponseResult non_invite_server_respond(Transaction& t, message::Message&& response, Effects& fx) {
    // Completed: "any other final responses passed by the TU ... MUST be discarded".
    if (t.state != State::Trying && t.state != State::Proceeding) {
        return ResponseResult::Discarded;
    }
    t.last_response = serialize(response);
    fx.send(t, t.last_response, false);
    if (response.status() < 200) {
        t.state = State::Proceeding;
        return ResponseResult::Sent;
    }
    t.state = State::Completed;
    // Timer J: 64*T1 on unreliable transports, zero on reliable ones.
    if (t.reliable) {
        t.state = State::Terminated;
    } else {
        fx.start(t, TimerName::J, fx.timers().timer_j_unreliable());
    }
    return ResponseResult::Sent;
}

void non_invite_server_timer(Transaction& t, TimerName timer, Effects&) {
    if (timer == TimerName::J && t.state == State::Completed) t.state = State::Terminated;
}

void non_invite_server_transport_error(Transaction& t, Effects& fx) {
    // Figure 8: from Proceeding and Completed. Trying has sent nothing.
    if (t.state != State::Proceeding && t.state != State::Completed) return;
    fx.transport_failure(t);
    t.state = State::Terminated;
}

}  // namespace dialtone::transaction::detail
