#pragma once
// Where each live server transaction's request came from, so its responses go back there
// (RFC 3261 §18.2.2), kept by the transaction's slot. The layer reuses slots, so the table
// is as long as the most transactions alive at once; a lookup is an index and a generation
// check, and a record is written over rather than allocated. A hash map of handles cost a
// node and a few cache misses per REGISTER.

#include <cstdint>
#include <vector>

#include "dialtone/sip/transaction/handles.hpp"
#include "runtime/inbound.hpp"

namespace dialtone::runtime {

class TransactionSources {
  public:
    // `expected`: transactions to make room for at once.
    explicit TransactionSources(std::size_t expected = 0) { entries_.reserve(expected); }

    void set(transaction::ServerHandle txn, const Source& source) {
        if (!txn) return;
        if (txn.id.slot >= entries_.size()) entries_.resize(txn.id.slot + 1);
        Entry& e = entries_[txn.id.slot];
        e.generation = txn.id.generation;
        e.source = source;
    }

    // The source of a live transaction; null for one never set, erased, or since replaced
    // by a newer tenant of its slot.
    const Source* find(transaction::ServerHandle txn) const {
        if (!txn || txn.id.slot >= entries_.size()) return nullptr;
        const Entry& e = entries_[txn.id.slot];
        return e.generation != 0 && e.generation == txn.id.generation ? &e.source : nullptr;
    }

    void erase(transaction::ServerHandle txn) {
        if (find(txn) != nullptr) entries_[txn.id.slot].generation = 0;
    }

  private:
    struct Entry {
        std::uint32_t generation = 0;  // 0: empty (the layer never hands out generation 0)
        Source source;
    };
    std::vector<Entry> entries_;
};

}  // namespace dialtone::runtime
