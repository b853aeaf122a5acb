#include "dialtone/sip/auth/nonce_count_table.hpp"

#include <algorithm>

namespace dialtone::auth {

void NonceCountTable::drop_expired(Instant now) {
    const std::int64_t oldest_live = (now - lifetime_).time_since_epoch().count();
    while (!entries_.empty() && entries_.begin()->first.minted_ms < oldest_live)
        entries_.erase(entries_.begin());
}

NonceCountTable::Verdict NonceCountTable::record(NonceId nonce, std::uint32_t nc, Instant now) {
    if (nc == 0) return Verdict::Replay;  // counts start at 1 (RFC 7616 §3.4)
    std::lock_guard lock(mutex_);
    drop_expired(now);
    auto it = entries_.find(nonce);
    if (it == entries_.end()) {
        if (evicted_any_ && nonce <= evicted_up_to_) return Verdict::Forgotten;
        if (entries_.size() >= capacity_) {
            // Full of live nonces: give up the oldest one (perhaps this one) and remember
            // that everything up to it is no longer tracked.
            const NonceId oldest = std::min(nonce, entries_.begin()->first);
            evicted_up_to_ = evicted_any_ ? std::max(evicted_up_to_, oldest) : oldest;
            evicted_any_ = true;
            if (oldest == nonce) return Verdict::Forgotten;
            entries_.erase(entries_.begin());
        }
        entries_.emplace(nonce, Entry{nc, 1});
        return Verdict::Fresh;
    }
    Entry& e = it->second;
    if (nc > e.highest) {
        const std::uint32_t shift = nc - e.highest;
        e.seen = (shift >= kWindow ? 0 : e.seen << shift) | 1;
        e.highest = nc;
        return Verdict::Fresh;
    }
    const std::uint32_t back = e.highest - nc;
    if (back >= kWindow) return Verdict::Replay;
    const std::uint64_t bit = std::uint64_t{1} << back;
    if (e.seen & bit) return Verdict::Replay;
    e.seen |= bit;
    return Verdict::Fresh;
}

}  // namespace dialtone::auth
