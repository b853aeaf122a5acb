// INVITE client transaction, RFC 3261 §17.1.1.2 with RFC 6026's Accepted state.

#include "dialtone/sip/transaction/make_ack.hpp"
#include "sip/transaction/machines.hpp"

namespace dialtone::transaction::detail {

namespace {

void leave_calling(Transaction& t, Effects& fx) {
    // Timer A retransmits only in Calling, and Timer B only matters there (§17.1.1.2): once a
    // response arrived, the server is alive and the TU (Timer C of a proxy) decides how long
    // to wait.
    fx.cancel(t, TimerName::A);
    fx.cancel(t, TimerName::B);
}

}  // namespace

void invite_client_start(Transaction& t, Effects& fx) {
    t.state = State::Calling;
    fx.send(t, t.request_bytes, false);
    if (!t.reliable) {
        t.interval = fx.timers().t1;
        fx.start(t, TimerName::A, t.interval);
    }
    fx.start(t, TimerName::B, fx.timers().transaction_timeout());
}

void invite_client_response(Transaction& t, message::Message&& response, Effects& fx) {
    const int status = response.status();
    switch (t.state) {
        case State::Calling:
        case State::Proceeding:
            if (status < 200) {
                if (t.state == State::Calling) leave_calling(t, fx);
                t.state = State::Proceeding;
                fx.deliver_response(t, std::move(response));
            } else if (status < 300) {
                // RFC 6026 §7.2: Accepted, not Terminated, so that retransmissions of the 2xx
                // and the 2xx of other forks still find the transaction. No ACK: the TU's.
                leave_calling(t, fx);
                t.state = State::Accepted;
                fx.start(t, TimerName::M, fx.timers().transaction_timeout());
                fx.deliver_response(t, std::move(response));
            } else {
                leave_calling(t, fx);
                t.ack_bytes = serialize(make_non2xx_ack(*t.request, response));
                fx.send(t, t.ack_bytes, false);
                t.state = State::Completed;
                fx.deliver_response(t, std::move(response));
                // Timer D: at least 32 s on unreliable transports, zero on reliable ones.
                if (t.reliable) {
                    t.state = State::Terminated;
                } else {
                    fx.start(t, TimerName::D, fx.timers().timer_d_unreliable);
                }
            }
            return;
        case State::Completed:
            // Retransmissions of the final response: ACK again, do not tell the TU.
            if (status >= 300) fx.send(t, t.ack_bytes, true);
            fx.absorbed();
            return;
        case State::Accepted:
            // Every 2xx goes to the TU (RFC 6026 §7.2); anything else is absorbed.
            if (status >= 200 && status < 300) {
                fx.deliver_response(t, std::move(response));
            } else {
                fx.absorbed();
            }
            return;
        default:
            return;
    }
}

void invite_client_timer(Transaction& t, TimerName timer, Effects& fx) {
    switch (timer) {
        case TimerName::A:
            if (t.state != State::Calling) return;
            // Doubling without a cap: 0.5, 1, 2, 4, 8, 16 s until Timer B at 64*T1.
            fx.send(t, t.request_bytes, true);
            t.interval *= 2;
            fx.start(t, TimerName::A, t.interval);
            return;
        case TimerName::B:
            if (t.state != State::Calling) return;
            fx.timeout(t, TimerName::B);
            t.state = State::Terminated;
            return;
        case TimerName::D:
            if (t.state == State::Completed) t.state = State::Terminated;
            return;
        case TimerName::M:
            if (t.state == State::Accepted) t.state = State::Terminated;
            return;
        default:
            return;
    }
}

void invite_client_transport_error(Transaction& t, Effects& fx) {
    // §17.1.4: inform the TU and terminate. In Accepted the transaction sends nothing, so no
    // failure can be its own (RFC 6026 Figure 5 has no such transition).
    if (t.state == State::Accepted) return;
    fx.transport_failure(t);
    t.state = State::Terminated;
}

}  // namespace dialtone::transaction::detail
