#pragma once
// Simulated time for sans-I/O tests (DESIGN.md §2.1, §4): a queue of callbacks ordered by the
// instant they are due. Nothing happens until a test advances the clock, so timer rules are
// checked to the millisecond in microseconds of real time, deterministically. Several
// LayerDrivers and a LoopNetwork can share one clock: their timers and datagrams then
// interleave in time order.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "dialtone/sip/transaction/instant.hpp"

namespace dialtone::test {

class SimClock {
  public:
    using Instant = transaction::Instant;
    using Duration = transaction::Duration;
    using EventId = std::uint64_t;

    explicit SimClock(Instant start = transaction::at_ms(0)) : now_(start) {}

    Instant now() const { return now_; }

    // Runs `callback` when the clock reaches `at` (now, if `at` is in the past). Events due at
    // the same instant run in the order they were scheduled.
    EventId schedule(Instant at, std::function<void()> callback);
    EventId schedule_in(Duration d, std::function<void()> callback) {
        return schedule(now_ + d, std::move(callback));
    }
    // False when the event already ran or was cancelled.
    bool cancel(EventId id);

    // Runs every event due at or before `t`, in order, with now() set to each event's
    // instant; events those schedule run too if due by `t`. Then now() is `t`.
    void advance_to(Instant t);
    void advance_by(Duration d) { advance_to(now_ + d); }

    // Runs events until none is left or the next is due after `limit`. True when none is left.
    bool run_until_idle(Instant limit);

    std::size_t pending() const { return queue_.size(); }
    std::optional<Instant> next_due() const;

  private:
    using Key = std::pair<Instant, EventId>;
    bool run_next(Instant limit);

    Instant now_;
    EventId next_id_ = 1;
    std::map<Key, std::function<void()>> queue_;
    std::unordered_map<EventId, Instant> due_;
};

}  // namespace dialtone::test
