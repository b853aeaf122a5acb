#pragma once
// Which worker owns a message (DESIGN.md §2.5): transactions and dialogs live on the worker
// chosen by a hash of the Call-ID, so every message of a call, whichever socket or worker
// it arrived on, is handled by the same worker and needs no lock.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dialtone::runtime {

// A stable 64-bit hash of a Call-ID, compared byte for byte (RFC 3261 §20.8: Call-IDs are
// case-sensitive).
std::uint64_t call_id_hash(std::string_view call_id);

// The worker for a raw message among `workers`: by its Call-ID, or `fallback` (the worker
// that read it) when none can be found; such a message cannot be matched to anything and
// gets at most a stateless answer, so any worker will do.
std::size_t owner_worker(std::string_view message, std::size_t workers, std::size_t fallback);

}  // namespace dialtone::runtime
