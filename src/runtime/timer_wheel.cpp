#include "runtime/timer_wheel.hpp"

#include <algorithm>
#include <bit>
#include <limits>

namespace dialtone::runtime {

namespace {

// Ticks a level spans below it: level L holds timers from 2^(8L) to 2^(8(L+1)) ticks away.
constexpr std::uint64_t span_below(unsigned level) {
    return std::uint64_t{1} << (8 * level);
}

}  // namespace

TimerWheel::TimerWheel(TimePoint origin, std::chrono::nanoseconds tick)
    : origin_(origin), tick_(tick.count() > 0 ? tick : std::chrono::nanoseconds(1)) {}

void TimerWheel::reserve(std::size_t timers) {
    nodes_.reserve(timers);
    index_.reserve(timers);
}

std::uint64_t TimerWheel::tick_at_or_after(TimePoint t) const {
    if (t <= origin_) return 0;
    const auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(t - origin_).count();
    const auto q = static_cast<std::uint64_t>(d / tick_.count());
    return q + (d % tick_.count() != 0 ? 1 : 0);
}

std::uint64_t TimerWheel::tick_at_or_before(TimePoint t) const {
    if (t <= origin_) return 0;
    const auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(t - origin_).count();
    return static_cast<std::uint64_t>(d / tick_.count());
}

TimerWheel::TimePoint TimerWheel::time_of(std::uint64_t tick) const {
    return origin_ + std::chrono::duration_cast<Clock::duration>(
                         tick_ * static_cast<std::chrono::nanoseconds::rep>(tick));
}

std::uint32_t TimerWheel::allocate() {
    if (!free_.empty()) {
        const std::uint32_t n = free_.back();
        free_.pop_back();
        return n;
    }
    nodes_.emplace_back();
    return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void TimerWheel::release(std::uint32_t node) {
    nodes_[node] = Node{};
    free_.push_back(node);
}

void TimerWheel::link(std::uint32_t node, std::uint32_t list) {
    Node& n = nodes_[node];
    List& l = lists_[list];
    n.list = list;
    n.next = kNil;
    n.prev = l.tail;
    if (l.tail != kNil) {
        nodes_[l.tail].next = node;
    } else {
        l.head = node;
    }
    l.tail = node;
    if (list < kOverdue) {
        const unsigned slot = list % kSlots;
        occupied_[list / kSlots][slot / 64] |= std::uint64_t{1} << (slot % 64);
    }
}

void TimerWheel::unlink(std::uint32_t node) {
    Node& n = nodes_[node];
    List& l = lists_[n.list];
    if (n.prev != kNil) {
        nodes_[n.prev].next = n.next;
    } else {
        l.head = n.next;
    }
    if (n.next != kNil) {
        nodes_[n.next].prev = n.prev;
    } else {
        l.tail = n.prev;
    }
    if (n.list < kOverdue && l.head == kNil) {
        const unsigned slot = n.list % kSlots;
        occupied_[n.list / kSlots][slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
    }
    n.prev = n.next = n.list = kNil;
}

void TimerWheel::place(std::uint32_t node) {
    const std::uint64_t expires = nodes_[node].expires;
    if (expires < next_) {
        link(node, kOverdue);
        return;
    }
    // Beyond the top level's reach: park in its farthest slot; the cascade that reaches it
    // places the timer again from its true expiry.
    const std::uint64_t reach = span_below(kLevels) - 1;
    const std::uint64_t at = expires - next_ > reach ? next_ + reach : expires;
    unsigned level = 0;
    while (level + 1 < kLevels && at - next_ >= span_below(level + 1))
        ++level;
    link(node, list_of(level, static_cast<unsigned>((at >> (8 * level)) & (kSlots - 1))));
}

void TimerWheel::schedule(std::uint64_t id, TimePoint deadline) {
    auto [it, inserted] = index_.try_emplace(id, kNil);
    if (inserted) {
        it->second = allocate();
        nodes_[it->second].id = id;
    } else {
        unlink(it->second);
    }
    nodes_[it->second].expires = tick_at_or_after(deadline);
    place(it->second);
}

bool TimerWheel::cancel(std::uint64_t id) {
    const auto it = index_.find(id);
    if (it == index_.end()) return false;
    unlink(it->second);
    release(it->second);
    index_.erase(it);
    return true;
}

void TimerWheel::cascade(unsigned level, unsigned slot) {
    List& l = lists_[list_of(level, slot)];
    std::uint32_t n = l.head;
    l.head = l.tail = kNil;
    occupied_[level][slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
    while (n != kNil) {
        const std::uint32_t next = nodes_[n].next;
        nodes_[n].prev = nodes_[n].next = nodes_[n].list = kNil;
        place(n);
        n = next;
    }
}

void TimerWheel::run_tick() {
    const std::uint64_t t = next_;
    if ((t & (kSlots - 1)) == 0) {
        // A boundary of level 1, and of each higher level whose lower bits are all zero.
        unsigned top = 1;
        while (top + 1 < kLevels && (t & (span_below(top + 1) - 1)) == 0)
            ++top;
        for (unsigned level = top; level >= 1; --level)
            cascade(level, static_cast<unsigned>((t >> (8 * level)) & (kSlots - 1)));
    }
    const auto slot = static_cast<unsigned>(t & (kSlots - 1));
    List& due = lists_[list_of(0, slot)];
    std::uint32_t n = due.head;
    due.head = due.tail = kNil;
    occupied_[0][slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
    while (n != kNil) {
        const std::uint32_t next = nodes_[n].next;
        nodes_[n].prev = nodes_[n].next = nodes_[n].list = kNil;
        link(n, kReady);
        n = next;
    }
    next_ = t + 1;
}

unsigned TimerWheel::first_occupied(unsigned level, unsigned from) const {
    for (unsigned word = from / 64; word < kSlots / 64; ++word) {
        std::uint64_t bits = occupied_[level][word];
        if (word == from / 64) bits &= ~std::uint64_t{0} << (from % 64);
        if (bits != 0) return word * 64 + static_cast<unsigned>(std::countr_zero(bits));
    }
    return kSlots;
}

void TimerWheel::advance(TimePoint now) {
    // Overdue timers first: their deadlines are the earliest.
    for (std::uint32_t n = lists_[kOverdue].head; n != kNil; n = lists_[kOverdue].head) {
        unlink(n);
        link(n, kReady);
    }
    const std::uint64_t target = tick_at_or_before(now);
    while (next_ <= target) {
        // Jump over ticks with nothing to fire or cascade.
        const std::uint64_t at = next_busy_tick();
        if (at > target) {
            next_ = target + 1;
            break;
        }
        next_ = at;
        run_tick();
    }
}

std::optional<std::uint64_t> TimerWheel::pop_ready() {
    const std::uint32_t n = lists_[kReady].head;
    if (n == kNil) return std::nullopt;
    const std::uint64_t id = nodes_[n].id;
    unlink(n);
    release(n);
    index_.erase(id);
    return id;
}

std::uint64_t TimerWheel::next_busy_tick() const {
    constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
    const auto slot = static_cast<unsigned>(next_ & (kSlots - 1));
    const std::uint64_t round = next_ - slot;
    // At a boundary, this tick's cascades (not yet run) come before anything else.
    for (unsigned level = 1; level < kLevels && (next_ & (span_below(level) - 1)) == 0; ++level) {
        const auto current = static_cast<unsigned>((next_ >> (8 * level)) & (kSlots - 1));
        if (first_occupied(level, current) == current) return next_;
    }
    const unsigned ahead = first_occupied(0, slot);
    if (ahead < kSlots) return round + ahead;

    std::uint64_t best = kNever;
    // Level 0 slots before `slot` hold the next round.
    const unsigned wrapped = first_occupied(0, 0);
    if (wrapped < slot) best = round + kSlots + wrapped;
    for (unsigned level = 1; level < kLevels; ++level) {
        const std::uint64_t block = next_ >> (8 * level);
        const auto current = static_cast<unsigned>(block & (kSlots - 1));
        // Past the checks above, the current slot, if occupied, holds timers a whole turn
        // of this level away: its cascade for this turn has run (or had nothing to move).
        unsigned found = first_occupied(level, current + 1);
        std::uint64_t distance = 0;
        if (found < kSlots) {
            distance = found - current;
        } else {
            found = first_occupied(level, 0);
            if (found > current) continue;  // level empty
            distance = kSlots - current + found;
        }
        best = std::min(best, (block + distance) << (8 * level));
    }
    return best;
}

std::optional<TimerWheel::TimePoint> TimerWheel::next_wakeup() const {
    if (index_.empty()) return std::nullopt;
    if (lists_[kOverdue].head != kNil || lists_[kReady].head != kNil) return time_of(next_ - 1);
    const std::uint64_t busy = next_busy_tick();
    if (busy == std::numeric_limits<std::uint64_t>::max()) return std::nullopt;
    return time_of(busy);
}

}  // namespace dialtone::runtime
