#pragma once
#include <cstdint>
#include <string_view>

namespace dialtone::transaction {

// The four machines of RFC 3261 §17 (Figures 5-8; RFC 6026 replaces Figures 5 and 7).
enum class Kind : std::uint8_t { InviteClient, NonInviteClient, InviteServer, NonInviteServer };

// States of all four machines. Calling belongs to the INVITE client, Trying to the non-INVITE
// machines, Confirmed to the INVITE server, Accepted (RFC 6026) to both INVITE machines.
// Terminated is never observed from outside: a transaction is destroyed the instant it
// enters it (§17.1.1.2, §17.2.1), and its handles go stale.
enum class State : std::uint8_t {
    Calling,
    Trying,
    Proceeding,
    Completed,
    Confirmed,
    Accepted,
    Terminated,
};

constexpr std::string_view state_text(State s) {
    constexpr std::string_view names[] = {"Calling",   "Trying",   "Proceeding", "Completed",
                                          "Confirmed", "Accepted", "Terminated"};
    return names[static_cast<std::size_t>(s)];
}

constexpr std::string_view kind_text(Kind k) {
    constexpr std::string_view names[] = {"INVITE client", "non-INVITE client", "INVITE server",
                                          "non-INVITE server"};
    return names[static_cast<std::size_t>(k)];
}

}  // namespace dialtone::transaction
