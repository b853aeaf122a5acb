#pragma once
// Replay protection for qop responses (RFC 7616 §3.4 "nc", §5.5): remembers, per nonce, the
// highest nonce-count accepted and which of the 64 counts just below it were seen. A count
// already seen, or older than that window, is a replay. The window (rather than "strictly
// greater than the last") lets a client that sends several requests on one nonce have them
// arrive out of order over UDP.
//
// Bounded: at most `capacity` nonces (default 65,536, about 6 MB). Nonces leave when they
// expire (their mint time is in the id, so expired ones are at the front of the ordered
// map). When the table is full of live nonces the oldest one is evicted and the table
// remembers that it did: a later request on any nonce minted at or before the evicted one
// and no longer tracked is Forgotten (the server answers stale=true and the client moves to
// a fresh nonce), never silently accepted. Only responses whose digest verified are
// recorded, so filling the table needs valid credentials.
//
// Nonces minted before a restart are not in a new table and are accepted once more with
// any count: the replay window across a restart is one nonce lifetime.
// Thread-safe: the workers of a server share one table, because a replay can arrive on any
// of them (from another source port, SO_REUSEPORT picks another worker's socket).

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>

#include "dialtone/sip/auth/instant.hpp"
#include "dialtone/sip/auth/nonce_minter.hpp"

namespace dialtone::auth {

class NonceCountTable {
  public:
    enum class Verdict : std::uint8_t { Fresh, Replay, Forgotten };

    static constexpr std::size_t kDefaultCapacity = 65536;
    static constexpr std::uint32_t kWindow = 64;

    NonceCountTable(Duration nonce_lifetime, std::size_t capacity = kDefaultCapacity)
        : lifetime_(nonce_lifetime), capacity_(capacity == 0 ? 1 : capacity) {}

    // Records `nc` (>= 1) for an authentic, unexpired nonce and says whether it is new.
    Verdict record(NonceId nonce, std::uint32_t nc, Instant now);

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return entries_.size();
    }
    std::size_t capacity() const { return capacity_; }

  private:
    struct Entry {
        std::uint32_t highest = 0;
        std::uint64_t seen = 0;  // bit i: count (highest - i) was accepted
    };
    void drop_expired(Instant now);

    Duration lifetime_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::map<NonceId, Entry> entries_;
    NonceId evicted_up_to_{};  // every nonce <= this that is not in entries_ is forgotten
    bool evicted_any_ = false;
};

}  // namespace dialtone::auth
