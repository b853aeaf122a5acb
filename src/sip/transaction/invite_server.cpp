// INVITE server transaction, RFC 3261 §17.2.1 with RFC 6026's Accepted state.

#include <algorithm>

#include "sip/transaction/machines.hpp"
#include "sip/transaction/make_trying.hpp"
#include "sip/transaction/matching_key.hpp"

namespace dialtone::transaction::detail {

namespace {

void send_trying(Transaction& t, Effects& fx) {
    fx.cancel(t, TimerName::Trying);
    t.last_response = serialize(make_trying(*t.request));
    t.responded = true;
    fx.send(t, t.last_response, false);
}

void remember_to_tag(Transaction& t, const message::Message& response) {
    // An RFC 2543 ACK matches by the To tag of the response it acknowledges (§17.2.3).
    if (t.response_to_tag.empty()) t.response_to_tag = to_tag_of(response);
}

}  // namespace

void invite_server_start(Transaction& t, Effects& fx) {
    t.state = State::Proceeding;
    switch (fx.config().trying) {
        case TryingPolicy::Immediate:
            send_trying(t, fx);
            return;
        case TryingPolicy::AfterDelay:
            fx.start(t, TimerName::Trying, fx.config().trying_delay);
            return;
        case TryingPolicy::Never:
            return;
    }
}

void invite_server_retransmission(Transaction& t, Effects& fx) {
    switch (t.state) {
        case State::Proceeding:
            // Re-send the most recent provisional response. None yet: the client is already
            // retransmitting, so quench it now rather than wait for the Trying timer.
            if (t.last_response) {
                fx.send(t, t.last_response, true);
            } else {
                send_trying(t, fx);
            }
            return;
        case State::Completed:
            fx.send(t, t.last_response, true);
            return;
        default:
            // Confirmed, and Accepted (RFC 6026 §7.1: absorbed, not passed to the TU).
            fx.absorbed();
            return;
    }
}

bool invite_server_ack(Transaction& t, Effects& fx) {
    switch (t.state) {
        case State::Completed:
            fx.cancel(t, TimerName::G);
            fx.cancel(t, TimerName::H);
            t.state = State::Confirmed;
            // Timer I: T4 on unreliable transports (absorbs ACK retransmissions), zero on
            // reliable ones.
            if (t.reliable) {
                t.state = State::Terminated;
            } else {
                fx.start(t, TimerName::I, fx.timers().t4);
            }
            return false;
        case State::Accepted:
            return true;  // RFC 6026 §7.1: ACKs in Accepted go to the TU
        default:
            // Confirmed: ACK retransmissions. Proceeding: an ACK before any final response
            // has no meaning; drop it.
            fx.absorbed();
            return false;
    }
}

ResponseResult invite_server_respond(Transaction& t, message::Message&& response, Effects& fx) {
    const int status = response.status();
    if (t.state == State::Accepted) {
        // RFC 6026 §7.1: further 2xx from the TU (its retransmissions, or a proxy's other
        // forks) are sent; nothing else is.
        if (status < 200 || status >= 300) return ResponseResult::Discarded;
        fx.send(t, serialize(response), false);
        return ResponseResult::Sent;
    }
    if (t.state != State::Proceeding) return ResponseResult::Discarded;

    fx.cancel(t, TimerName::Trying);
    t.responded = true;
    Bytes bytes = serialize(response);
    fx.send(t, bytes, false);
    if (status < 200) {
        t.last_response = std::move(bytes);
    } else if (status < 300) {
        remember_to_tag(t, response);
        t.last_response.reset();
        t.state = State::Accepted;
        fx.start(t, TimerName::L, fx.timers().transaction_timeout());
    } else {
        remember_to_tag(t, response);
        t.last_response = std::move(bytes);
        t.state = State::Completed;
        if (!t.reliable) {
            t.interval = fx.timers().t1;
            fx.start(t, TimerName::G, t.interval);
        }
        fx.start(t, TimerName::H, fx.timers().transaction_timeout());
    }
    return ResponseResult::Sent;
}

void invite_server_timer(Transaction& t, TimerName timer, Effects& fx) {
    switch (timer) {
        case TimerName::Trying:
            if (t.state == State::Proceeding && !t.responded) send_trying(t, fx);
            return;
        case TimerName::G:
            if (t.state != State::Completed) return;
            // MIN(2*previous, T2): 0.5, 1, 2, 4, 4 ... s.
            fx.send(t, t.last_response, true);
            t.interval = std::min(t.interval * 2, fx.timers().t2);
            fx.start(t, TimerName::G, t.interval);
            return;
        case TimerName::H:
            if (t.state != State::Completed) return;
            // The ACK never came: a transaction failure for the TU.
            fx.timeout(t, TimerName::H);
            t.state = State::Terminated;
            return;
        case TimerName::I:
            if (t.state == State::Confirmed) t.state = State::Terminated;
            return;
        case TimerName::L:
            if (t.state == State::Accepted) t.state = State::Terminated;
            return;
        default:
            return;
    }
}

void invite_server_transport_error(Transaction& t, Effects& fx) {
    switch (t.state) {
        case State::Proceeding:
        case State::Accepted:
            // RFC 6026 Figure 7: inform the TU and stay. In Proceeding the TU may still
            // answer; in Accepted it owns the 2xx and the transaction keeps absorbing INVITE
            // retransmissions.
            fx.transport_failure(t);
            return;
        case State::Completed:
            // §17.2.1, §17.2.4: the final response cannot get through, so no ACK will come.
            fx.transport_failure(t);
            t.state = State::Terminated;
            return;
        default:
            return;  // Confirmed sends nothing
    }
}

}  // namespace dialtone::transaction::detail
