// TimerWheel on a fake clock: time is whatever the test passes in, so every check is exact
// and no test waits. The transaction timers of RFC 3261 §17 (T1 = 500 ms up to Timer B/F/H
// at 64*T1 = 32 s, Timer C over 3 min) and hour-long idle timeouts all live on one wheel.

#include "runtime/timer_wheel.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <vector>

namespace dialtone::runtime {
namespace {

using namespace std::chrono_literals;
using TimePoint = TimerWheel::TimePoint;

const TimePoint t0 = TimePoint{} + 1000h;  // any origin will do

std::vector<std::uint64_t> fire(TimerWheel& wheel, TimePoint now) {
    wheel.advance(now);
    std::vector<std::uint64_t> out;
    while (auto id = wheel.pop_ready())
        out.push_back(*id);
    return out;
}

using Ids = std::vector<std::uint64_t>;

TEST(TimerWheel, FiresAtItsDeadlineNotBefore) {
    TimerWheel wheel(t0);
    wheel.schedule(7, t0 + 5ms);
    EXPECT_EQ(fire(wheel, t0 + 4ms), Ids{});
    EXPECT_EQ(fire(wheel, t0 + 5ms), Ids{7});
    EXPECT_EQ(wheel.size(), 0u);
    EXPECT_EQ(fire(wheel, t0 + 1s), Ids{});
}

TEST(TimerWheel, DeadlineBetweenTicksRoundsUp) {
    TimerWheel wheel(t0);
    wheel.schedule(1, t0 + 4ms + 300us);
    EXPECT_EQ(fire(wheel, t0 + 4ms), Ids{});
    EXPECT_EQ(fire(wheel, t0 + 4ms + 999us), Ids{});
    EXPECT_EQ(fire(wheel, t0 + 5ms), Ids{1});
}

TEST(TimerWheel, PastDeadlineFiresOnNextAdvance) {
    TimerWheel wheel(t0);
    EXPECT_EQ(fire(wheel, t0 + 100ms), Ids{});
    wheel.schedule(3, t0 + 10ms);  // already past
    EXPECT_EQ(wheel.next_wakeup(), t0 + 100ms);
    EXPECT_EQ(fire(wheel, t0 + 100ms), Ids{3});
}

TEST(TimerWheel, CancelStopsTimer_Rfc3261_17_1_1_2_TimerACancelled) {
    // A client INVITE transaction cancels Timer A when a provisional response arrives.
    TimerWheel wheel(t0);
    wheel.schedule(10, t0 + 500ms);
    wheel.schedule(11, t0 + 500ms);
    EXPECT_TRUE(wheel.cancel(10));
    EXPECT_FALSE(wheel.cancel(10));
    EXPECT_FALSE(wheel.cancel(99));
    EXPECT_FALSE(wheel.contains(10));
    EXPECT_EQ(fire(wheel, t0 + 1s), Ids{11});
    EXPECT_FALSE(wheel.cancel(11));  // already fired
}

TEST(TimerWheel, RescheduleMovesTimer_Rfc3261_17_1_2_2_TimerEDoubles) {
    // Timer E restarts at 2*T1, 4*T1 ... after each retransmission.
    TimerWheel wheel(t0);
    wheel.schedule(5, t0 + 500ms);
    wheel.schedule(5, t0 + 1000ms);  // later
    EXPECT_EQ(wheel.size(), 1u);
    EXPECT_EQ(fire(wheel, t0 + 999ms), Ids{});
    EXPECT_EQ(fire(wheel, t0 + 1000ms), Ids{5});
    wheel.schedule(6, t0 + 10s);
    wheel.schedule(6, t0 + 2s);  // earlier
    EXPECT_EQ(fire(wheel, t0 + 2s), Ids{6});
}

TEST(TimerWheel, OneAdvanceFiresInDeadlineOrder) {
    TimerWheel wheel(t0);
    wheel.schedule(3, t0 + 32s);  // Timer B
    wheel.schedule(1, t0 + 500ms);
    wheel.schedule(4, t0 + 180s);  // Timer C
    wheel.schedule(2, t0 + 4s);
    EXPECT_EQ(fire(wheel, t0 + 1h), (Ids{1, 2, 3, 4}));
}

TEST(TimerWheel, CancelWorksOnAReadyTimer) {
    // A callback for one expired timer may cancel another that expired in the same advance.
    TimerWheel wheel(t0);
    wheel.schedule(1, t0 + 10ms);
    wheel.schedule(2, t0 + 10ms);
    wheel.advance(t0 + 10ms);
    ASSERT_EQ(wheel.pop_ready(), std::optional<std::uint64_t>(1));
    EXPECT_TRUE(wheel.cancel(2));
    EXPECT_EQ(wheel.pop_ready(), std::nullopt);
}

TEST(TimerWheel, TimersOnEveryLevelFireExactly) {
    // Far enough apart to sit on each level of the wheel and past its 2^32-tick reach.
    const std::vector<std::chrono::milliseconds> delays = {
        1ms,          255ms,           256ms,           257ms,           65535ms,
        65536ms,      65537ms,         3'600'000ms,     16'777'215ms,    16'777'216ms,
        16'777'217ms, 4'294'967'295ms, 4'294'967'296ms, 10'000'000'000ms};
    for (auto delay : delays) {
        TimerWheel wheel(t0);
        wheel.schedule(42, t0 + delay);
        EXPECT_EQ(fire(wheel, t0 + delay - 1ms), Ids{}) << delay.count();
        EXPECT_EQ(fire(wheel, t0 + delay), Ids{42}) << delay.count();
    }
}

TEST(TimerWheel, NextWakeupIsNeverLateAndSkipsIdleTime) {
    TimerWheel wheel(t0);
    EXPECT_EQ(wheel.next_wakeup(), std::nullopt);
    wheel.schedule(1, t0 + 7ms);
    EXPECT_EQ(wheel.next_wakeup(), t0 + 7ms);
    // A lone far timer: following next_wakeup() reaches it in a few wakeups, not one per
    // tick, and the last wakeup is its deadline.
    TimerWheel far(t0);
    far.schedule(9, t0 + 5h + 3ms);
    int wakeups = 0;
    TimePoint now = t0;
    std::vector<std::uint64_t> fired;
    while (fired.empty() && wakeups < 100) {
        const auto next = far.next_wakeup();
        ASSERT_TRUE(next.has_value());
        ASSERT_LE(*next, t0 + 5h + 3ms);
        now = *next;
        fired = fire(far, now);
        ++wakeups;
    }
    EXPECT_EQ(fired, Ids{9});
    EXPECT_EQ(now, t0 + 5h + 3ms);
    EXPECT_LE(wakeups, 8);
    EXPECT_EQ(far.next_wakeup(), std::nullopt);
}

TEST(TimerWheel, TickSizeIsHonoured) {
    TimerWheel wheel(t0, 10ms);
    wheel.schedule(1, t0 + 15ms);
    EXPECT_EQ(fire(wheel, t0 + 19ms), Ids{});
    EXPECT_EQ(fire(wheel, t0 + 20ms), Ids{1});
}

TEST(TimerWheel, HundredsOfThousandsOfTimers) {
    TimerWheel wheel(t0);
    constexpr std::uint64_t kCount = 300'000;
    for (std::uint64_t i = 0; i < kCount; ++i)
        wheel.schedule(i, t0 + std::chrono::milliseconds(1 + (i * 7919) % 64'000));
    for (std::uint64_t i = 0; i < kCount; i += 3)
        wheel.cancel(i);
    EXPECT_EQ(wheel.size(), kCount - (kCount + 2) / 3);
    std::size_t fired = 0;
    for (auto now = t0; now <= t0 + 64s; now += 250ms) {
        for (std::uint64_t id : fire(wheel, now)) {
            EXPECT_NE(id % 3, 0u);
            const TimePoint deadline = t0 + std::chrono::milliseconds(1 + (id * 7919) % 64'000);
            EXPECT_LE(deadline, now);
            EXPECT_GT(deadline, now - 250ms);  // not late by more than one advance step
            ++fired;
        }
    }
    EXPECT_EQ(fired, kCount - (kCount + 2) / 3);
    EXPECT_EQ(wheel.size(), 0u);
}

// Against a plain ordered map as the model: random schedules, reschedules, cancels and
// advances of random length, deadlines up to beyond the wheel's reach.
class TimerWheelModel : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(TimerWheelModel, MatchesAReferenceModel) {
    std::mt19937_64 rng(GetParam());
    TimerWheel wheel(t0);
    std::map<std::uint64_t, std::uint64_t> deadline_ms;  // id -> absolute ms from t0
    std::uint64_t now_ms = 0;
    auto pick = [&](std::uint64_t n) {
        return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng);
    };
    for (int step = 0; step < 20000; ++step) {
        const std::uint64_t op = pick(10);
        if (op < 5) {
            const std::uint64_t id = pick(500);
            static constexpr std::uint64_t kRanges[] = {300, 70'000, 20'000'000, 6'000'000'000};
            const std::uint64_t at = now_ms + pick(kRanges[pick(4)]);
            wheel.schedule(id, t0 + std::chrono::milliseconds(at));
            deadline_ms[id] = at;
        } else if (op < 7) {
            const std::uint64_t id = pick(500);
            EXPECT_EQ(wheel.cancel(id), deadline_ms.erase(id) == 1);
        } else {
            static constexpr std::uint64_t kSteps[] = {1, 100, 50'000, 30'000'000};
            now_ms += pick(kSteps[pick(4)]);
            std::set<std::uint64_t> expected;
            for (const auto& [id, at] : deadline_ms)
                if (at <= now_ms) expected.insert(id);
            const Ids got = fire(wheel, t0 + std::chrono::milliseconds(now_ms));
            EXPECT_EQ(std::set<std::uint64_t>(got.begin(), got.end()), expected) << "step " << step;
            EXPECT_EQ(got.size(), expected.size());
            // Earlier deadlines first.
            for (std::size_t i = 1; i < got.size(); ++i)
                EXPECT_LE(deadline_ms[got[i - 1]], deadline_ms[got[i]]);
            for (std::uint64_t id : expected)
                deadline_ms.erase(id);
        }
        ASSERT_EQ(wheel.size(), deadline_ms.size());
        if (const auto wake = wheel.next_wakeup(); wake && !deadline_ms.empty()) {
            std::uint64_t earliest = UINT64_MAX;
            for (const auto& [id, at] : deadline_ms)
                earliest = std::min(earliest, at);
            // Waking at next_wakeup is never too late for the earliest timer.
            EXPECT_LE(*wake, t0 + std::chrono::milliseconds(std::max(earliest, now_ms)));
        }
    }
}

// A driver that sleeps until next_wakeup() and advances only then (as TimerService does)
// must fire every timer at exactly its deadline tick, with timers spread over every level.
TEST_P(TimerWheelModel, FollowingNextWakeupFiresEveryTimerOnTime) {
    std::mt19937_64 rng(GetParam());
    TimerWheel wheel(t0);
    std::map<std::uint64_t, std::uint64_t> deadline_ms;
    std::set<std::pair<std::uint64_t, std::uint64_t>> by_deadline;  // (deadline, id)
    auto pick = [&](std::uint64_t n) {
        return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng);
    };
    std::uint64_t now_ms = 0;
    std::uint64_t next_id = 0;
    int wakeups = 0;
    while (wakeups < 20000) {
        // Now and then, new timers from "now".
        if (pick(4) == 0 || deadline_ms.empty()) {
            for (int i = 0; i < 3; ++i) {
                static constexpr std::uint64_t kRanges[] = {256, 66'000, 17'000'000, 5'000'000'000};
                const std::uint64_t at = now_ms + 1 + pick(kRanges[pick(4)]);
                wheel.schedule(next_id, t0 + std::chrono::milliseconds(at));
                by_deadline.emplace(at, next_id);
                deadline_ms[next_id++] = at;
            }
        }
        const auto wake = wheel.next_wakeup();
        ASSERT_TRUE(wake.has_value());
        const auto wake_ms = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(*wake - t0).count());
        ASSERT_LE(wake_ms, by_deadline.begin()->first) << "wakeup " << wakeups;
        ASSERT_GT(wake_ms, now_ms);
        now_ms = wake_ms;
        for (std::uint64_t id : fire(wheel, t0 + std::chrono::milliseconds(now_ms))) {
            ASSERT_EQ(deadline_ms.at(id), now_ms) << "timer " << id << " fired late or early";
            by_deadline.erase({now_ms, id});
            deadline_ms.erase(id);
        }
        ++wakeups;
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, TimerWheelModel, ::testing::Values(20240611u, 1u, 2u, 3u, 4u));

}  // namespace
}  // namespace dialtone::runtime
