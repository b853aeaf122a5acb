#pragma once
#include <cstdint>

#include "dialtone/sip/transaction/instant.hpp"

namespace dialtone::dialog {

// RFC 3261 §14.1: after a 491 to our re-INVITE we wait before trying again. If we generated
// the dialog's Call-ID (we sent the initial INVITE), a time from 2.1 to 4 s in units of
// 10 ms; otherwise from 0 to 2 s in units of 10 ms. `random` is a uniform 64-bit draw.
transaction::Duration glare_backoff(bool owns_call_id, std::uint64_t random);

}  // namespace dialtone::dialog
