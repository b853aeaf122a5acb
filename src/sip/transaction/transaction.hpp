#pragma once
// One transaction as the layer stores it: the same record serves all four machines (the
// kind says which), so the slab of slots holds one type and a handle is a slot number and a
// generation. Fields a machine does not use stay empty.

#include <array>
#include <cstdint>
#include <string>

#include "dialtone/sip/transaction/action.hpp"
#include "dialtone/sip/transaction/handles.hpp"
#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transaction/state.hpp"
#include "dialtone/sip/transaction/timer_id.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::transaction::detail {

// How a server transaction was matched (§17.2.3); client transactions use Client.
enum class MatchRule : std::uint8_t { Client, Rfc3261, Rfc2543 };

struct Transaction {
    std::uint32_t slot = kNoSlot;
    std::uint32_t generation = 1;  // 0 is never live, so a default handle is always stale
    bool live = false;
    bool reliable = false;
    // INVITE server: a response (the layer's 100 or the TU's) has been sent.
    bool responded = false;
    Kind kind = Kind::InviteClient;
    State state = State::Terminated;
    MatchRule rule = MatchRule::Client;

    std::uint64_t key_hash = 0;
    std::string key;

    // The sequence number of each running timer, 0 when it is not running.
    std::array<std::uint32_t, kTimerNameCount> timer_seq{};
    std::uint32_t timer_counter = 0;
    // The current interval of the retransmission timer (A, E or G).
    Duration interval{0};

    RequestPtr request;
    // Client: the request as sent (retransmitted by A and E). INVITE client: the ACK for
    // the 300-699 response. Server: the last response sent (re-sent for a retransmitted
    // request, and by G).
    Bytes request_bytes;
    Bytes ack_bytes;
    Bytes last_response;
    // INVITE server: To tag of the first final response sent; an RFC 2543 ACK must carry it.
    std::string response_to_tag;

    // Client: where the request goes. Server: where responses go (§18.2.2).
    transport::Endpoint peer;

    std::uint32_t next_free = kNoSlot;

    TransactionId id() const { return {slot, generation}; }
    bool is_client() const { return kind == Kind::InviteClient || kind == Kind::NonInviteClient; }
    TransactionRef ref() const {
        if (is_client()) return ClientHandle{id()};
        return ServerHandle{id()};
    }
};

}  // namespace dialtone::transaction::detail
