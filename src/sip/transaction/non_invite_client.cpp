// Non-INVITE client transaction, RFC 3261 §17.1.2.2.

#include <algorithm>

#include "sip/transaction/machines.hpp"

namespace dialtone::transaction::detail {

void non_invite_client_start(Transaction& t, Effects& fx) {
    t.state = State::Trying;
    fx.send(t, t.request_bytes, false);
    if (!t.reliable) {
        t.interval = fx.timers().t1;
        fx.start(t, TimerName::E, t.interval);
    }
    fx.start(t, TimerName::F, fx.timers().transaction_timeout());
}

void non_invite_client_response(Transaction& t, message::Message&& response, Effects& fx) {
    if (t.state != State::Trying && t.state != State::Proceeding) {
        fx.absorbed();  // Completed: response retransmissions are buffered (absorbed)
        return;
    }
    if (response.status() < 200) {
        // Timer E keeps running; when it next fires it is reset to T2.
        t.state = State::Proceeding;
        fx.deliver_response(t, std::move(response));
        return;
    }
    fx.cancel(t, TimerName::E);
    fx.cancel(t, TimerName::F);
    t.state = State::Completed;
    fx.deliver_response(t, std::move(response));
    // Timer K: T4 on unreliable transports, zero on reliable ones.
    if (t.reliable) {
        t.state = State::Terminated;
    } else {
        fx.start(t, TimerName::K, fx.timers().t4);
    }
}

void non_invite_client_timer(Transaction& t, TimerName timer, Effects& fx) {
    switch (timer) {
        case TimerName::E:
            if (t.state == State::Trying) {
                // MIN(2*previous, T2): 0.5, 1, 2, 4, 4, 4 ... s.
                fx.send(t, t.request_bytes, true);
                t.interval = std::min(t.interval * 2, fx.timers().t2);
                fx.start(t, TimerName::E, t.interval);
            } else if (t.state == State::Proceeding) {
                fx.send(t, t.request_bytes, true);
                t.interval = fx.timers().t2;
                fx.start(t, TimerName::E, t.interval);
            }
            return;
        case TimerName::F:
            if (t.state != State::Trying && t.state != State::Proceeding) return;
            fx.timeout(t, TimerName::F);
            t.state = State::Terminated;
            return;
        case TimerName::K:
            if (t.state == State::Completed) t.state = State::Terminated;
            return;
        default:
            return;
    }
}

void non_invite_client_transport_error(Transaction& t, Effects& fx) {
    // Figure 6: from Trying and Proceeding. Completed sends nothing more.
    if (t.state != State::Trying && t.state != State::Proceeding) return;
    fx.transport_failure(t);
    t.state = State::Terminated;
}

}  // namespace dialtone::transaction::detail
