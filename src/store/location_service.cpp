#include "store/location_service.hpp"

namespace dialtone::store {

std::size_t LocationService::load(std::int64_t now) {
    if (journal_ == nullptr) return 0;
    std::size_t loaded = 0;
    std::string aor;
    std::vector<Binding> bindings;
    auto flush = [&] {
        if (!bindings.empty()) index_.replace(aor, std::move(bindings));
        bindings.clear();
    };
    // Rows come ordered by AoR: one index update per AoR.
    journal_->load_each([&](const std::string& row_aor, Binding binding) {
        if (row_aor != aor) {
            flush();
            aor = row_aor;
        }
        if (binding.expires_at <= now) return;
        bindings.push_back(std::move(binding));
        ++loaded;
    });
    flush();
    return loaded;
}

// Only memory: on disk an expired binding is skipped by the load and the `location` view,
// and its row is dropped when the journal reclaims the head of its log.
std::size_t LocationService::sweep(std::int64_t now) {
    return index_.remove_expired(now);
}

}  // namespace dialtone::store
