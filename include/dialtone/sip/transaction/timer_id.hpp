#pragma once
// Timers are events (DESIGN.md §2.1): the layer asks for one with a StartTimer action and the
// runtime hands the TimerId back through on_timer when it is due. The id carries the
// transaction, the timer's name and a sequence number that changes every time the timer is
// (re)started, so a timer that fires after it was cancelled or restarted, or after its
// transaction ended, is recognised and ignored.

#include <cstdint>
#include <functional>
#include <string_view>

#include "dialtone/sip/transaction/handles.hpp"

namespace dialtone::transaction {

// RFC 3261 §17 Table 4, RFC 6026 §7 (L and M), and the 200 ms after which an
// INVITE server transaction sends 100 (Trying) itself (§17.2.1).
enum class TimerName : std::uint8_t {
    A,  // INVITE request retransmission (unreliable only)
    B,  // INVITE client transaction timeout
    D,  // INVITE client: wait for response retransmissions
    E,  // non-INVITE request retransmission (unreliable only)
    F,  // non-INVITE client transaction timeout
    G,  // INVITE final response retransmission (unreliable only)
    H,  // INVITE server: wait for ACK
    I,  // INVITE server: wait for ACK retransmissions
    J,  // non-INVITE server: wait for request retransmissions
    K,  // non-INVITE client: wait for response retransmissions
    L,  // RFC 6026: INVITE server in Accepted
    M,  // RFC 6026: INVITE client in Accepted
    Trying,
};

inline constexpr std::size_t kTimerNameCount = 13;

constexpr std::string_view timer_name_text(TimerName n) {
    constexpr std::string_view names[kTimerNameCount] = {"A", "B", "D", "E", "F", "G",     "H",
                                                         "I", "J", "K", "L", "M", "Trying"};
    return names[static_cast<std::size_t>(n)];
}

struct TimerId {
    TransactionId txn;
    TimerName name = TimerName::A;
    std::uint32_t seq = 0;

    friend bool operator==(const TimerId&, const TimerId&) = default;
};

}  // namespace dialtone::transaction

template <>
struct std::hash<dialtone::transaction::TimerId> {
    std::size_t operator()(const dialtone::transaction::TimerId& t) const noexcept {
        std::uint64_t h = (std::uint64_t{t.txn.generation} << 32) | t.txn.slot;
        h ^= (std::uint64_t{t.seq} << 8 | static_cast<std::uint64_t>(t.name)) *
             0x9e3779b97f4a7c15ULL;
        return std::hash<std::uint64_t>{}(h);
    }
};
