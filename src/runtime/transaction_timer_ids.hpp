#pragma once
// The transaction layer's timers on a worker's timer wheel, without a lookup table.
//
// A transaction runs at most one instance of each timer name at a time: the layer restarts
// a name in place, and cancels every running timer before it frees a transaction's slot.
// So (slot, name) names the one live run, the worker timer id is made from it, and the
// rest of the layer's id (the slot's generation and the run's sequence, 8 bytes) waits in
// a flat vector under the same index. Starting, cancelling and firing are array accesses; the two
// hash maps of TimerIds cost 5% of the proxy's CPU at 4,000 calls/s, mostly cache misses.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "dialtone/sip/transaction/timer_id.hpp"

namespace dialtone::runtime {

class TransactionTimerIds {
  public:
    // Worker timer ids are `base | index`: each user of one worker's timers takes its own
    // base. `expected`: transactions to make room for at once.
    explicit TransactionTimerIds(std::uint64_t base = 0, std::size_t expected = 0) : base_(base) {
        live_.reserve(expected * transaction::kTimerNameCount);
    }

    // `Services` has start_timer(id, delay) and cancel_timer(id) (WorkerServices does).
    template <class Services>
    void start(Services& services, const transaction::TimerId& id, std::chrono::nanoseconds delay) {
        const std::size_t index = index_of(id);
        if (index >= live_.size()) live_.resize(index + 1);
        // A run of the same name still pending is replaced: the worker restarts its id.
        live_[index] = Run{id.txn.generation, id.seq};
        services.start_timer(base_ | index, delay);
    }

    template <class Services>
    void cancel(Services& services, const transaction::TimerId& id) {
        const std::size_t index = index_of(id);
        if (index >= live_.size() || live_[index].seq == 0 ||
            live_[index] != Run{id.txn.generation, id.seq}) {
            return;
        }
        live_[index].seq = 0;
        services.cancel_timer(base_ | index);
    }

    // A worker timer fired: the layer's id, forgotten from now on; nullopt if it is not one
    // of ours or nothing runs under it any more.
    std::optional<transaction::TimerId> fired(std::uint64_t worker_id) {
        if ((worker_id & kBaseMask) != base_) return std::nullopt;
        const std::uint64_t index = worker_id & ~kBaseMask;
        // Beyond any slot number: also keeps GCC 12 from a false -Warray-bounds on a
        // constant id under the sanitizers.
        if (index >= kIndexLimit) return std::nullopt;
        if (index >= live_.size() || live_[index].seq == 0) return std::nullopt;
        transaction::TimerId id;
        id.txn.slot = static_cast<std::uint32_t>(index / transaction::kTimerNameCount);
        id.txn.generation = live_[index].generation;
        id.name = static_cast<transaction::TimerName>(index % transaction::kTimerNameCount);
        id.seq = live_[index].seq;
        live_[index].seq = 0;
        return id;
    }

  private:
    // Bases are the top four bits, as the other users of a worker's timers choose theirs.
    static constexpr std::uint64_t kBaseMask = std::uint64_t{0xf} << 60;
    static constexpr std::uint64_t kIndexLimit =
        (std::uint64_t{1} << 32) * transaction::kTimerNameCount;

    static std::size_t index_of(const transaction::TimerId& id) {
        return std::size_t{id.txn.slot} * transaction::kTimerNameCount +
               static_cast<std::size_t>(id.name);
    }

    struct Run {
        std::uint32_t generation = 0;
        std::uint32_t seq = 0;  // 0: nothing runs under this index
        friend bool operator==(const Run&, const Run&) = default;
    };

    std::uint64_t base_;
    std::vector<Run> live_;
};

}  // namespace dialtone::runtime
