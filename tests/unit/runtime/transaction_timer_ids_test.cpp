// Transaction timers kept in a flat table indexed by (slot, name): what the layer asks for
// reaches the worker's timers, and only the live run of a timer comes back when it fires.

#include "runtime/transaction_timer_ids.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>

namespace dialtone::runtime {
namespace {

using transaction::TimerId;
using transaction::TimerName;

// The worker's timers as the ids see them: what is pending, by worker id.
struct FakeTimers {
    std::map<std::uint64_t, std::chrono::nanoseconds> pending;
    void start_timer(std::uint64_t id, std::chrono::nanoseconds delay) { pending[id] = delay; }
    bool cancel_timer(std::uint64_t id) { return pending.erase(id) != 0; }
};

TimerId timer(std::uint32_t slot, std::uint32_t generation, TimerName name, std::uint32_t seq) {
    TimerId id;
    id.txn.slot = slot;
    id.txn.generation = generation;
    id.name = name;
    id.seq = seq;
    return id;
}

TEST(TransactionTimerIds, FiredGivesBackTheWholeLayerIdOnce) {
    FakeTimers worker;
    TransactionTimerIds ids;
    const TimerId j = timer(70'000, 9, TimerName::J, 3);
    ids.start(worker, j, std::chrono::seconds(32));
    ASSERT_EQ(worker.pending.size(), 1u);
    const std::uint64_t worker_id = worker.pending.begin()->first;
    EXPECT_EQ(worker.pending.begin()->second, std::chrono::seconds(32));
    EXPECT_EQ(ids.fired(worker_id), j);
    EXPECT_EQ(ids.fired(worker_id), std::nullopt);
}

TEST(TransactionTimerIds, EachNameOfEachSlotIsItsOwnWorkerTimer) {
    FakeTimers worker;
    TransactionTimerIds ids;
    ids.start(worker, timer(1, 1, TimerName::E, 1), std::chrono::milliseconds(500));
    ids.start(worker, timer(1, 1, TimerName::F, 2), std::chrono::seconds(32));
    ids.start(worker, timer(2, 1, TimerName::E, 1), std::chrono::milliseconds(500));
    EXPECT_EQ(worker.pending.size(), 3u);
}

TEST(TransactionTimerIds, RestartReplacesThePendingRun) {
    FakeTimers worker;
    TransactionTimerIds ids;
    ids.start(worker, timer(5, 2, TimerName::E, 1), std::chrono::milliseconds(500));
    const TimerId second = timer(5, 2, TimerName::E, 2);
    ids.start(worker, second, std::chrono::milliseconds(1000));
    ASSERT_EQ(worker.pending.size(), 1u);
    EXPECT_EQ(worker.pending.begin()->second, std::chrono::milliseconds(1000));
    EXPECT_EQ(ids.fired(worker.pending.begin()->first), second);
}

TEST(TransactionTimerIds, CancelOfAnOlderRunOrGenerationLeavesTheLiveOne) {
    FakeTimers worker;
    TransactionTimerIds ids;
    const TimerId live = timer(5, 3, TimerName::K, 7);
    ids.start(worker, live, std::chrono::seconds(5));
    ids.cancel(worker, timer(5, 3, TimerName::K, 6));  // an older run
    ids.cancel(worker, timer(5, 2, TimerName::K, 7));  // the slot's previous tenant
    ASSERT_EQ(worker.pending.size(), 1u);
    ids.cancel(worker, live);
    EXPECT_TRUE(worker.pending.empty());
}

TEST(TransactionTimerIds, IdsOfOtherUsersAreNotOurs) {
    FakeTimers worker;
    TransactionTimerIds ids(std::uint64_t{1} << 60);
    ids.start(worker, timer(0, 1, TimerName::A, 1), std::chrono::milliseconds(500));
    const std::uint64_t ours = worker.pending.begin()->first;
    EXPECT_EQ(ours >> 60, 1u);
    EXPECT_EQ(ids.fired(ours & ~(std::uint64_t{0xf} << 60)), std::nullopt);  // base 0
    EXPECT_EQ(ids.fired(std::uint64_t{1} << 62), std::nullopt);              // the proxy's
    EXPECT_EQ(ids.fired(~std::uint64_t{0}), std::nullopt);
    EXPECT_TRUE(ids.fired(ours).has_value());
}

}  // namespace
}  // namespace dialtone::runtime
