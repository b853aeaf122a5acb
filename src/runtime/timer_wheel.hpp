#pragma once
// A hierarchical timing wheel (Varghese and Lauck, 1987) as a pure data structure: it never
// reads the clock; every call takes the current time, so tests drive it with a fake clock.
// One per worker holds that worker's timers (transaction timers A-K, connection idle and
// message deadlines); scheduling, rescheduling and cancelling are O(1) whatever the number
// of pending timers, and advancing costs O(timers fired + slots crossed).
//
// Timers are keyed by an opaque 64-bit id chosen by the caller (StartTimer / CancelTimer
// actions of the sans-I/O layers). A timer fires at the first tick at or after its deadline,
// never before it. Firing is two-step so that a callback may cancel any other timer, even
// one that expired in the same advance: advance() moves expired timers to a ready list,
// pop_ready() hands them out one at a time, and cancel() still works on a ready timer.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace dialtone::runtime {

class TimerWheel {
  public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;

    // `origin`: the time the wheel starts at; `tick`: its resolution.
    explicit TimerWheel(TimePoint origin,
                        std::chrono::nanoseconds tick = std::chrono::milliseconds(1));

    // Starts timer `id`, or moves it when it is already pending or ready.
    void schedule(std::uint64_t id, TimePoint deadline);
    // Makes room for `timers` pending timers at once, so a wheel that fills up over its first
    // seconds of load does not rebuild its index again and again.
    void reserve(std::size_t timers);
    // Stops timer `id`; false when it was not pending.
    bool cancel(std::uint64_t id);
    bool contains(std::uint64_t id) const { return index_.count(id) != 0; }
    // Pending and ready timers.
    std::size_t size() const { return index_.size(); }

    // Moves every timer whose deadline is at or before `now` to the ready list, earlier
    // ticks first. Time never goes back: an earlier `now` than the last one changes nothing.
    void advance(TimePoint now);
    // The next ready timer, removed from the wheel; nullopt when none is ready.
    std::optional<std::uint64_t> pop_ready();
    bool has_ready() const { return lists_[kReady].head != kNil; }

    // When advance() next has something to do: a timer to fire or a higher level to
    // cascade down. nullopt when the wheel is empty. A past or present time means "now".
    // Waking at this time is enough to fire every timer on time.
    std::optional<TimePoint> next_wakeup() const;

    std::chrono::nanoseconds tick() const { return tick_; }

  private:
    static constexpr unsigned kBits = 8;
    static constexpr unsigned kSlots = 1u << kBits;  // per level
    static constexpr unsigned kLevels = 4;           // 2^32 ticks: ~49 days at 1 ms
    static constexpr std::uint32_t kNil = 0xffffffffu;
    // Lists that are not wheel slots.
    static constexpr std::uint32_t kOverdue = kLevels * kSlots;  // deadline already passed
    static constexpr std::uint32_t kReady = kOverdue + 1;
    static constexpr std::uint32_t kLists = kReady + 1;

    struct Node {
        std::uint64_t id = 0;
        std::uint64_t expires = 0;  // tick
        std::uint32_t prev = kNil;
        std::uint32_t next = kNil;
        std::uint32_t list = kNil;
    };
    struct List {
        std::uint32_t head = kNil;
        std::uint32_t tail = kNil;
    };

    std::uint64_t tick_at_or_after(TimePoint t) const;
    std::uint64_t tick_at_or_before(TimePoint t) const;
    TimePoint time_of(std::uint64_t tick) const;

    std::uint32_t allocate();
    void release(std::uint32_t node);
    void link(std::uint32_t node, std::uint32_t list);
    void unlink(std::uint32_t node);
    // Puts a node in the list its expiry calls for, relative to the next tick to run.
    void place(std::uint32_t node);
    // Re-places every timer of one slot of a level above 0.
    void cascade(unsigned level, unsigned slot);
    // Runs tick `next_`: cascades at level boundaries, readies slot 0's timers.
    void run_tick();
    std::uint32_t list_of(unsigned level, unsigned slot) const { return level * kSlots + slot; }
    // The first tick at or after next_ with timers to fire or to cascade; the maximum
    // value when the wheel (ready and overdue lists aside) is empty.
    std::uint64_t next_busy_tick() const;
    // First non-empty slot of `level` at or after `from`, or kSlots when none.
    unsigned first_occupied(unsigned level, unsigned from) const;

    TimePoint origin_;
    std::chrono::nanoseconds tick_;
    std::uint64_t next_ = 1;  // the next tick to run; ticks before it have all run
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> free_;
    std::array<List, kLists> lists_{};
    // One bit per slot, to skip empty slots and find the next wakeup quickly.
    std::array<std::array<std::uint64_t, kSlots / 64>, kLevels> occupied_{};
    std::unordered_map<std::uint64_t, std::uint32_t> index_;
};

}  // namespace dialtone::runtime
