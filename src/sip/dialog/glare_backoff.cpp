#include "dialtone/sip/dialog/glare_backoff.hpp"

namespace dialtone::dialog {

transaction::Duration glare_backoff(bool owns_call_id, std::uint64_t random) {
    // 2.1 s to 4 s inclusive is 191 steps of 10 ms; 0 to 2 s is 201.
    if (owns_call_id)
        return transaction::Duration(2100 + 10 * static_cast<std::int64_t>(random % 191));
    return transaction::Duration(10 * static_cast<std::int64_t>(random % 201));
}

}  // namespace dialtone::dialog
