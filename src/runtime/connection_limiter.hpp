#pragma once
// The cap on concurrent inbound connections per remote IP address, so one host cannot use
// up the server's descriptors. A plain counter table: it lives on the worker that accepts
// connections, and closes elsewhere post their release() to it.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dialtone::runtime {

class ConnectionLimiter {
  public:
    // 0 means no cap.
    explicit ConnectionLimiter(std::size_t max_per_ip) : max_per_ip_(max_per_ip) {}

    // Counts one more connection from `ip`; false (and nothing counted) at the cap.
    bool try_acquire(std::string_view ip);
    // Forgets one connection from `ip`; an IP at zero is dropped from the table.
    void release(std::string_view ip);

    std::size_t count(std::string_view ip) const;
    std::size_t max_per_ip() const { return max_per_ip_; }
    // Addresses with at least one connection.
    std::size_t addresses() const { return counts_.size(); }

  private:
    std::size_t max_per_ip_;
    std::unordered_map<std::string, std::size_t> counts_;
};

}  // namespace dialtone::runtime
