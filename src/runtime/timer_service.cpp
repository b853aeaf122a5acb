#include "runtime/timer_service.hpp"

#include <utility>

namespace dialtone::runtime {

TimerService::TimerService(boost::asio::io_context& io, OnExpired on_expired,
                           std::chrono::nanoseconds tick)
    : wheel_(TimerWheel::Clock::now(), tick), timer_(io), on_expired_(std::move(on_expired)) {}

void TimerService::start(std::uint64_t id, std::chrono::nanoseconds delay) {
    start_at(id, TimerWheel::Clock::now() +
                     std::chrono::duration_cast<TimerWheel::Clock::duration>(delay));
}

void TimerService::start_at(std::uint64_t id, TimerWheel::TimePoint deadline) {
    if (shut_down_) return;
    wheel_.schedule(id, deadline);
    rearm();
}

bool TimerService::cancel(std::uint64_t id) {
    // The steady_timer stays armed: one early wakeup costs less than re-arming it.
    return wheel_.cancel(id);
}

void TimerService::rearm() {
    if (firing_ || shut_down_) return;  // on_wakeup re-arms once the callbacks are done
    const auto wakeup = wheel_.next_wakeup();
    if (!wakeup) return;  // an armed steady_timer finds nothing to do and stops
    if (armed_for_ && *armed_for_ <= *wakeup) return;
    armed_for_ = *wakeup;
    const std::uint64_t generation = ++generation_;
    timer_.expires_at(*wakeup);
    timer_.async_wait([this, generation](const boost::system::error_code& ec) {
        // Aborted: re-armed or shut down (and then `this` may be gone); never touch it.
        if (ec == boost::asio::error::operation_aborted) return;
        if (generation != generation_) return;
        on_wakeup();
    });
}

void TimerService::on_wakeup() {
    armed_for_.reset();
    wheel_.advance(TimerWheel::Clock::now());
    firing_ = true;
    while (auto id = wheel_.pop_ready()) {
        on_expired_(*id);
        if (shut_down_) break;
    }
    firing_ = false;
    rearm();
}

void TimerService::shutdown() {
    shut_down_ = true;
    armed_for_.reset();
    ++generation_;
    timer_.cancel();
    wheel_ = TimerWheel(TimerWheel::Clock::now(), wheel_.tick());
}

}  // namespace dialtone::runtime
