#include "dialtone/sip/transport/target_walk.hpp"

#include <utility>

namespace dialtone::transport {

TargetWalk::TargetWalk(TargetList targets, bool invite)
    : targets_(std::move(targets)), invite_(invite) {}

WalkVerdict TargetWalk::on_response(int status) {
    if (final_) {
        // RFC 6026 §7.2: further 2xx of an INVITE (retransmissions, other forks) still go up.
        return status >= 200 && status < 300 ? WalkVerdict::Deliver : WalkVerdict::Ignore;
    }
    if (status < 200) {
        provisional_ = true;
        return WalkVerdict::Deliver;
    }
    if (status == 503 && !cancelled_ && targets_.remaining() > 1) {
        // §4.3: a 503 counts as a failure of this target; the TU never sees it.
        return move_on("503");
    }
    final_ = true;
    return WalkVerdict::Deliver;
}

WalkVerdict TargetWalk::on_failure(AttemptFailure failure, std::string detail) {
    if (final_) return WalkVerdict::Ignore;
    last_timed_out_ = failure == AttemptFailure::Timeout;
    std::string outcome = last_timed_out_ ? "timeout" : "transport error";
    if (!detail.empty()) outcome += ": " + detail;
    if (cancelled_) {
        // A cancelled request is not tried elsewhere; the TU learns how it ended.
        if (const ResolvedTarget* t = targets_.current()) {
            attempts_.push_back({t->endpoint, std::move(outcome)});
        }
        final_ = true;
        return WalkVerdict::Fail;
    }
    return move_on(std::move(outcome));
}

WalkVerdict TargetWalk::move_on(std::string outcome) {
    if (const ResolvedTarget* t = targets_.current()) {
        attempts_.push_back({t->endpoint, std::move(outcome)});
    }
    // A new transaction starts from nothing: its provisional responses are its own.
    provisional_ = false;
    if (targets_.next() != nullptr) return WalkVerdict::Retry;
    final_ = true;
    return WalkVerdict::Fail;
}

int TargetWalk::failure_status() const {
    return !attempts_.empty() && last_timed_out_ ? 408 : 503;
}

std::string TargetWalk::failure_reason() const {
    if (attempts_.empty()) return targets_.empty() ? "no targets" : "not tried";
    std::string out;
    for (const AttemptRecord& a : attempts_) {
        if (!out.empty()) out += "; ";
        out += describe_endpoint(a.endpoint) + ": " + a.outcome;
    }
    return out;
}

CancelStep TargetWalk::cancel() {
    if (!invite_) return CancelStep::NotInvite;
    if (cancelled_) return CancelStep::AlreadyCancelled;
    if (final_) return CancelStep::TooLate;
    cancelled_ = true;
    if (provisional_) return CancelStep::SendNow;
    cancel_waiting_ = true;
    return CancelStep::WaitForProvisional;
}

bool TargetWalk::take_pending_cancel() {
    if (!cancel_waiting_ || !provisional_ || final_) return false;
    cancel_waiting_ = false;
    return true;
}

}  // namespace dialtone::transport
