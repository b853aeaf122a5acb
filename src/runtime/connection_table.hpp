#pragma once
// One worker's open stream connections, found by id and by far end. A plain data structure:
// the worker that owns the connections is the only one to touch it, so it needs no lock.
// Generic over the connection type so it can be tested without sockets.

#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

#include "runtime/connection_key.hpp"

namespace dialtone::runtime {

template <class Connection>
class ConnectionTable {
  public:
    using Ptr = std::shared_ptr<Connection>;

    // A second connection with the same key (a peer that opened two) takes over the key:
    // new sends go to the newer one; the older stays reachable by id until it closes.
    void add(ConnectionId id, const ConnectionKey& key, Ptr connection) {
        by_id_[id] = Entry{key, std::move(connection)};
        by_key_[key] = id;
    }

    Ptr find(ConnectionId id) const {
        const auto it = by_id_.find(id);
        return it == by_id_.end() ? nullptr : it->second.connection;
    }

    Ptr find(const ConnectionKey& key) const {
        const auto it = by_key_.find(key);
        return it == by_key_.end() ? nullptr : find(it->second);
    }

    // False when `id` is not in the table. The key is dropped only if it still names `id`.
    bool remove(ConnectionId id) {
        const auto it = by_id_.find(id);
        if (it == by_id_.end()) return false;
        const auto key = by_key_.find(it->second.key);
        if (key != by_key_.end() && key->second == id) by_key_.erase(key);
        by_id_.erase(it);
        return true;
    }

    std::size_t size() const { return by_id_.size(); }
    bool empty() const { return by_id_.empty(); }

    // A copy of every connection, for closing them all (closing removes them).
    std::vector<Ptr> snapshot() const {
        std::vector<Ptr> out;
        out.reserve(by_id_.size());
        for (const auto& [id, entry] : by_id_)
            out.push_back(entry.connection);
        return out;
    }

  private:
    struct Entry {
        ConnectionKey key;
        Ptr connection;
    };
    std::unordered_map<ConnectionId, Entry> by_id_;
    std::unordered_map<ConnectionKey, ConnectionId, ConnectionKeyHash> by_key_;
};

}  // namespace dialtone::runtime
