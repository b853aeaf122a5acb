#include "store/location_index.hpp"

#include <algorithm>
#include <mutex>

namespace dialtone::store {

std::vector<Binding> LocationIndex::lookup(std::string_view aor) const {
    const Shard& s = shard_of(aor);
    std::shared_lock lock(s.mutex);
    auto it = s.map.find(aor);
    return it == s.map.end() ? std::vector<Binding>{} : it->second;
}

void LocationIndex::replace(const std::string& aor, std::vector<Binding> bindings) {
    update(aor, [&](std::vector<Binding>& current) {
        current = std::move(bindings);
        return true;
    });
}

std::size_t LocationIndex::remove_expired(std::int64_t now) {
    std::size_t removed = 0;
    for (Shard& s : shards_) {
        std::unique_lock lock(s.mutex);
        for (auto it = s.map.begin(); it != s.map.end();) {
            auto& list = it->second;
            const auto gone = std::remove_if(list.begin(), list.end(),
                                             [&](const Binding& b) { return b.expires_at <= now; });
            const auto n = static_cast<std::size_t>(list.end() - gone);
            list.erase(gone, list.end());
            removed += n;
            s.bindings -= n;
            it = list.empty() ? s.map.erase(it) : std::next(it);
        }
    }
    return removed;
}

void LocationIndex::for_each(
    const std::function<void(const std::string&, const Binding&)>& fn) const {
    for (const Shard& s : shards_) {
        std::shared_lock lock(s.mutex);
        for (const auto& [aor, list] : s.map)
            for (const Binding& b : list)
                fn(aor, b);
    }
}

std::size_t LocationIndex::aor_count() const {
    std::size_t n = 0;
    for (const Shard& s : shards_) {
        std::shared_lock lock(s.mutex);
        n += s.map.size();
    }
    return n;
}

std::size_t LocationIndex::binding_count() const {
    std::size_t n = 0;
    for (const Shard& s : shards_) {
        std::shared_lock lock(s.mutex);
        n += s.bindings;
    }
    return n;
}

}  // namespace dialtone::store
