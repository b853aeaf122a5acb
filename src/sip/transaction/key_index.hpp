#pragma once
// Hash index from a matching key's 64-bit hash to the slot of the transaction that owns the
// key: open addressing with linear probing over a flat array of 16-byte entries, grown at
// half load, with backward-shift deletion (no tombstones, so long-lived servers do not
// degrade). Several entries may share a hash: the caller's predicate tells the real match,
// which is how RFC 2543 transactions that share Call-ID, CSeq and From tag coexist.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dialtone::transaction::detail {

class KeyIndex {
  public:
    static constexpr std::uint32_t kNotFound = 0xffffffffU;

    KeyIndex();

    void insert(std::uint64_t hash, std::uint32_t slot);
    // Removes the entry for (hash, slot); false when there is none.
    bool erase(std::uint64_t hash, std::uint32_t slot);

    // The first slot stored under `hash` for which `matches(slot)` is true, or kNotFound.
    template <class Predicate>
    std::uint32_t find(std::uint64_t hash, Predicate&& matches) const {
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Entry& e = entries_[i];
            if (e.slot == kNotFound) return kNotFound;
            if (e.hash == hash && matches(e.slot)) return e.slot;
        }
    }

    std::size_t size() const { return count_; }

  private:
    struct Entry {
        std::uint64_t hash = 0;
        std::uint32_t slot = kNotFound;
    };
    void grow();

    std::vector<Entry> entries_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

}  // namespace dialtone::transaction::detail
