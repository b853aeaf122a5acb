#pragma once
// How the runtime names a stream connection (TCP, TLS). The key is the far end as RFC 3261
// §18 sees it: a response goes back over the connection from (transport, ip, port) that
// the request came on (§18.2.2), and a request to an address reuses an open connection to
// it (§18.1.1). The id is unique for the life of the process and carries the worker that
// owns the connection, so any worker can route a send to the owner without a lookup.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::runtime {

struct ConnectionKey {
    transport::Transport transport = transport::Transport::Tcp;
    std::string ip;  // no brackets, canonical text
    std::uint16_t port = 0;

    friend bool operator==(const ConnectionKey&, const ConnectionKey&) = default;
};

struct ConnectionKeyHash {
    std::size_t operator()(const ConnectionKey& k) const noexcept {
        std::size_t h = std::hash<std::string>{}(k.ip);
        h ^= (static_cast<std::size_t>(k.port) << 8 | static_cast<std::size_t>(k.transport)) +
             0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        return h;
    }
};

// The worker that owns every connection with this key, accepted or opened.
inline std::size_t owner_of(const ConnectionKey& key, std::size_t workers) {
    return workers <= 1 ? 0 : ConnectionKeyHash{}(key) % workers;
}

// 0 is "no connection" (a datagram). The low 16 bits name the owning worker.
using ConnectionId = std::uint64_t;
inline constexpr ConnectionId kNoConnection = 0;
inline constexpr std::size_t kMaxWorkers = 1u << 16;

inline constexpr ConnectionId make_connection_id(std::size_t worker, std::uint64_t sequence) {
    return sequence << 16 | static_cast<ConnectionId>(worker);
}
inline constexpr std::size_t worker_of(ConnectionId id) {
    return static_cast<std::size_t>(id & 0xffff);
}
inline constexpr std::uint64_t sequence_of(ConnectionId id) {
    return id >> 16;
}

}  // namespace dialtone::runtime
