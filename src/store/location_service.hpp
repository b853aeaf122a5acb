#pragma once
// The location service (RFC 3261 §10.3): bindings served from memory, every change made
// durable before the caller is told it is done. With no journal it keeps memory only.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/binding.hpp"
#include "store/location_index.hpp"
#include "store/location_journal.hpp"

namespace dialtone::store {

class LocationService {
  public:
    using Done = LocationJournal::Done;

    // `journal` may be null (bindings live in memory only); it must outlive the service.
    explicit LocationService(LocationJournal* journal = nullptr) : journal_(journal) {}

    // Loads every stored binding that has not expired by `now`; returns how many.
    std::size_t load(std::int64_t now);

    std::vector<Binding> lookup(std::string_view aor) const { return index_.lookup(aor); }

    // Runs change(bindings&) -> bool (true when it changed them) atomically for the AoR. A
    // change is written to the journal in the order it was made, and done(committed,
    // bindings) is called once it is durable, with the AoR's bindings as the change left
    // them: on the journal's writer thread, or at once when nothing changed or there is no
    // journal. The in-memory bindings change at once either way.
    template <class Change>
    void update(const std::string& aor, Change&& change, Done done) {
        BindingSet after;
        const bool journaled = index_.update(aor, [&](std::vector<Binding>& bindings) {
            const bool changed = change(bindings);
            after = std::make_shared<const std::vector<Binding>>(bindings);
            if (!changed || journal_ == nullptr) return false;
            // Queued under the AoR's lock, so the journal sees changes in memory's order.
            journal_->write(aor, after, std::move(done));
            return true;
        });
        if (!journaled && done) done(true, after);
    }

    // Drops bindings that expired at or before `now` from memory; on disk the journal drops
    // them when it reclaims the head of its log.
    std::size_t sweep(std::int64_t now);

    const LocationIndex& index() const { return index_; }

  private:
    LocationJournal* journal_;
    LocationIndex index_;
};

}  // namespace dialtone::store
