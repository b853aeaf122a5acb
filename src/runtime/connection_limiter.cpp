#include "runtime/connection_limiter.hpp"

namespace dialtone::runtime {

bool ConnectionLimiter::try_acquire(std::string_view ip) {
    auto [it, inserted] = counts_.try_emplace(std::string(ip), 0);
    if (max_per_ip_ != 0 && it->second >= max_per_ip_) return false;
    ++it->second;
    return true;
}

void ConnectionLimiter::release(std::string_view ip) {
    const auto it = counts_.find(std::string(ip));
    if (it == counts_.end()) return;
    if (--it->second == 0) counts_.erase(it);
}

std::size_t ConnectionLimiter::count(std::string_view ip) const {
    const auto it = counts_.find(std::string(ip));
    return it == counts_.end() ? 0 : it->second;
}

}  // namespace dialtone::runtime
