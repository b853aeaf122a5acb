#pragma once
// Which worker owns a message (DESIGN.md §2.5): transactions and dialogs live on the worker
// chosen by a hash of the Call-ID, so every message of a call, whichever socket or worker
// it arrived on, is handled by the same worker and needs no lock.
//
// A REGISTER is the exception: it stays on the worker that read it. It starts no dialog,
// the location service it changes is shared by all workers, and the only per-worker state
// it leaves is its transaction, whose retransmissions come from the same source: the same
// TCP connection, or for UDP the same address and port, which SO_REUSEPORT hashes to the
// same socket and so the same worker. Handing it over cost a cross-thread wake-up per
// message: 81 µs of CPU per registration with two workers against 54 with one.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dialtone::runtime {

// A stable 64-bit hash of a Call-ID, compared byte for byte (RFC 3261 §20.8: Call-IDs are
// case-sensitive).
std::uint64_t call_id_hash(std::string_view call_id);

// The worker for a raw message among `workers`: `fallback` (the worker that read it) for a
// REGISTER, else by its Call-ID. Without a Call-ID it is `fallback` too: such a message
// cannot be matched to anything and gets at most a stateless answer.
std::size_t owner_worker(std::string_view message, std::size_t workers, std::size_t fallback);

}  // namespace dialtone::runtime
