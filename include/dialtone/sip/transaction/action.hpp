#pragma once
// What the transaction layer asks its caller to do (DESIGN.md §2.1). Every input returns its
// outputs by appending Actions to a vector the caller owns and reuses; the caller carries
// them out in order: sends bytes, arms and cancels timers, and hands deliveries to the
// transaction user (TU).

#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/handles.hpp"
#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transaction/timer_id.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::transaction {

// A serialized message. Shared and immutable, so a retransmission (and the action that
// carries it) costs a reference count, not a copy, and stays valid after its transaction
// has ended.
using Bytes = std::shared_ptr<const std::string>;

// A request as the layer received it. The server transaction and the TU share it; a TU that
// forwards or edits it copies it first.
using RequestPtr = std::shared_ptr<const message::Message>;

// Pass `bytes` to the transport for `destination` (RFC 3261 §18). For a server transaction
// the destination follows §18.2.2 (see response_destination.hpp): on a reliable transport it
// is the source of the request, whose connection the runtime should reuse.
struct Send {
    TransactionRef txn;  // std::monostate: TransactionLayer::send_stateless
    transport::Endpoint destination;
    Bytes bytes;
    // A copy of something already sent: a timer retransmission, a response re-sent for a
    // retransmitted request, or an ACK re-sent for a retransmitted final response.
    bool retransmission = false;
};

// Arm a timer; when it is due, call TransactionLayer::on_timer(id, ...). `due` is the
// instant of the event that started it plus `duration`.
struct StartTimer {
    TimerId id;
    Duration duration{0};
    Instant due;
};

// The timer will not be needed. Purely an optimisation: a timer that fires anyway is ignored.
struct CancelTimer {
    TimerId id;
};

// A new request for the TU (§17.2.1, §17.2.2), or an ACK for the TU (an INVITE server
// transaction in RFC 6026 Accepted state passes ACKs up; `txn` is that transaction).
struct DeliverRequest {
    ServerHandle txn;
    RequestPtr request;
    transport::Endpoint source;
    // For a CANCEL: the INVITE server transaction it matches (§9.2, §17.2.3), whatever state
    // that is in; empty (false) when none does, and the TU answers the CANCEL 481.
    ServerHandle cancels;
};

// A response for the TU from a client transaction: provisional and final responses
// (§17.1.1.2, §17.1.2.2), and every 2xx an INVITE client transaction receives in Accepted
// (RFC 6026 §7.2: retransmissions and the 2xx of other forks alike).
struct DeliverResponse {
    ClientHandle txn;
    message::Message response;
};

enum class StrayReason : std::uint8_t {
    // A response that matches no client transaction (§17.1.3). A stateless proxy forwards it
    // (§16.11); every other element discards it (RFC 6026 §8 changes §18.1.2 to say so).
    NoTransaction,
    // An ACK that matches no server transaction: the ACK for a 2xx, which is not part of the
    // INVITE transaction (§17.1.1.3, RFC 6026), or one that arrived after it ended.
    AckWithoutTransaction,
    // A message the layer cannot match because a field matching needs is missing or broken
    // (no Via, a Via without branch or sent-by, an unreadable CSeq). The layer does not
    // answer it; the TU may answer statelessly if it can.
    Unmatchable,
};

// A message that belongs to no transaction.
struct Stray {
    message::Message message;
    transport::Endpoint source;
    StrayReason reason = StrayReason::NoTransaction;
};

// Timer B or F fired (§17.1.1.2, §17.1.2.2): the TU acts as if it received 408. Or Timer H
// fired (§17.2.1): the ACK never came.
struct Timeout {
    TransactionRef txn;
    TimerName timer = TimerName::B;
};

// The transport could not send for this transaction (§8.1.3.1, §17.1.4, §17.2.4): a client
// TU acts as if it received 503.
struct TransportFailure {
    TransactionRef txn;
};

// The transaction ended and was destroyed; its handles are stale from now on.
struct Terminated {
    TransactionRef txn;
};

using Action = std::variant<Send, StartTimer, CancelTimer, DeliverRequest, DeliverResponse, Stray,
                            Timeout, TransportFailure, Terminated>;

}  // namespace dialtone::transaction
