#pragma once
// The in-memory side of the location service: bindings by address-of-record, read by every
// worker and changed one AoR at a time. Sharded by AoR hash with a reader-writer lock per
// shard, so there is no global lock on the message path (DESIGN.md §2.5).

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/binding.hpp"

namespace dialtone::store {

class LocationIndex {
  public:
    // The AoR's current bindings (a copy: callers hold no lock).
    std::vector<Binding> lookup(std::string_view aor) const;

    // Runs `change` on the AoR's bindings under the shard's exclusive lock, so a
    // read-modify-write of one AoR is atomic however many workers register it at once.
    // An AoR left without bindings is removed.
    template <class Change>
    auto update(const std::string& aor, Change&& change) {
        Shard& s = shard_of(aor);
        std::unique_lock lock(s.mutex);
        auto it = s.map.try_emplace(aor).first;
        const std::size_t before = it->second.size();
        auto result = change(it->second);
        s.bindings += it->second.size();
        s.bindings -= before;
        if (it->second.empty()) s.map.erase(it);
        return result;
    }

    // Replaces every binding of the AoR (used when loading from the database).
    void replace(const std::string& aor, std::vector<Binding> bindings);

    // Removes the bindings that expire at or before `now`; returns how many went.
    std::size_t remove_expired(std::int64_t now);

    // Calls fn(aor, binding) for every binding, one shard at a time under its read lock.
    void for_each(const std::function<void(const std::string&, const Binding&)>& fn) const;

    std::size_t aor_count() const;
    std::size_t binding_count() const;

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct Shard {
        mutable std::shared_mutex mutex;
        std::unordered_map<std::string, std::vector<Binding>, Hash, std::equal_to<>> map;
        std::size_t bindings = 0;
    };
    static constexpr std::size_t kShards = 64;

    Shard& shard_of(std::string_view aor) { return shards_[Hash{}(aor) % kShards]; }
    const Shard& shard_of(std::string_view aor) const { return shards_[Hash{}(aor) % kShards]; }

    std::array<Shard, kShards> shards_;
};

}  // namespace dialtone::store
