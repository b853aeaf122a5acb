#pragma once
// The timer facility of one worker: a TimerWheel driven by a single steady_timer on the
// worker's io_context, so hundreds of thousands of pending timers cost one kernel timer.
// The transaction glue runs StartTimer / CancelTimer actions through it with ids of its
// own choosing; connections use a second instance for their idle and message deadlines.
// Not thread-safe: used only on its worker's thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "runtime/timer_wheel.hpp"

namespace dialtone::runtime {

class TimerService {
  public:
    using OnExpired = std::function<void(std::uint64_t id)>;

    TimerService(boost::asio::io_context& io, OnExpired on_expired,
                 std::chrono::nanoseconds tick = std::chrono::milliseconds(1));
    TimerService(const TimerService&) = delete;
    TimerService& operator=(const TimerService&) = delete;

    // Starts (or restarts) timer `id` to fire `delay` from now.
    void start(std::uint64_t id, std::chrono::nanoseconds delay);
    void start_at(std::uint64_t id, TimerWheel::TimePoint deadline);
    // False when `id` was not pending (it fired or was never started).
    bool cancel(std::uint64_t id);
    std::size_t pending() const { return wheel_.size(); }
    void reserve(std::size_t timers) { wheel_.reserve(timers); }
    // Drops every timer and releases the steady_timer, so the io_context can run out of work.
    void shutdown();

  private:
    void rearm();
    void on_wakeup();

    TimerWheel wheel_;
    boost::asio::steady_timer timer_;
    OnExpired on_expired_;
    // The time the steady_timer is set for; nullopt when it is not waiting.
    std::optional<TimerWheel::TimePoint> armed_for_;
    // Bumped by every re-arm, so a wakeup already queued for an older time is ignored.
    std::uint64_t generation_ = 0;
    bool firing_ = false;
    bool shut_down_ = false;
};

}  // namespace dialtone::runtime
