#include "sip/transaction/key_index.hpp"

#include <utility>

namespace dialtone::transaction::detail {

namespace {
constexpr std::size_t kInitialCapacity = 64;
}

KeyIndex::KeyIndex() : entries_(kInitialCapacity), mask_(kInitialCapacity - 1) {}

void KeyIndex::insert(std::uint64_t hash, std::uint32_t slot) {
    if ((count_ + 1) * 2 > entries_.size()) grow();
    std::size_t i = hash & mask_;
    while (entries_[i].slot != kNotFound)
        i = (i + 1) & mask_;
    entries_[i] = Entry{hash, slot};
    ++count_;
}

bool KeyIndex::erase(std::uint64_t hash, std::uint32_t slot) {
    std::size_t i = hash & mask_;
    while (true) {
        const Entry& e = entries_[i];
        if (e.slot == kNotFound) return false;
        if (e.hash == hash && e.slot == slot) break;
        i = (i + 1) & mask_;
    }
    // Backward shift: pull later entries of the probe run into the hole when the hole lies on
    // their probe path (between their home and where they sit), so lookups never stop early.
    std::size_t hole = i;
    for (std::size_t j = (hole + 1) & mask_; entries_[j].slot != kNotFound; j = (j + 1) & mask_) {
        const std::size_t home = entries_[j].hash & mask_;
        if (((j - home) & mask_) >= ((j - hole) & mask_)) {
            entries_[hole] = entries_[j];
            hole = j;
        }
    }
    entries_[hole] = Entry{};
    --count_;
    return true;
}

void KeyIndex::grow() {
    std::vector<Entry> old = std::exchange(entries_, std::vector<Entry>(entries_.size() * 2));
    mask_ = entries_.size() - 1;
    count_ = 0;
    for (const Entry& e : old)
        if (e.slot != kNotFound) insert(e.hash, e.slot);
}

}  // namespace dialtone::transaction::detail
