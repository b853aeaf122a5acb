#include "unit/support/sim_clock.hpp"

namespace dialtone::test {

SimClock::EventId SimClock::schedule(Instant at, std::function<void()> callback) {
    if (at < now_) at = now_;
    const EventId id = next_id_++;
    queue_.emplace(Key{at, id}, std::move(callback));
    due_.emplace(id, at);
    return id;
}

bool SimClock::cancel(EventId id) {
    auto it = due_.find(id);
    if (it == due_.end()) return false;
    queue_.erase(Key{it->second, id});
    due_.erase(it);
    return true;
}

bool SimClock::run_next(Instant limit) {
    if (queue_.empty()) return false;
    auto first = queue_.begin();
    if (first->first.first > limit) return false;
    now_ = first->first.first;
    std::function<void()> callback = std::move(first->second);
    due_.erase(first->first.second);
    queue_.erase(first);
    callback();
    return true;
}

void SimClock::advance_to(Instant t) {
    while (run_next(t)) {
    }
    if (t > now_) now_ = t;
}

bool SimClock::run_until_idle(Instant limit) {
    while (run_next(limit)) {
    }
    return queue_.empty();
}

std::optional<SimClock::Instant> SimClock::next_due() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.begin()->first.first;
}

}  // namespace dialtone::test
