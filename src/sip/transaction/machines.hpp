#pragma once
// The four state machines of RFC 3261 §17, with the RFC 6026 corrections. Each function
// handles one event for a transaction already matched to it; the layer does the matching and
// destroys a transaction a machine has moved to Terminated.

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/timer_id.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "sip/transaction/effects.hpp"
#include "sip/transaction/transaction.hpp"

namespace dialtone::transaction::detail {

// INVITE client transaction: §17.1.1.2 (Figure 5), RFC 6026 §7.2.
void invite_client_start(Transaction& t, Effects& fx);
void invite_client_response(Transaction& t, message::Message&& response, Effects& fx);
void invite_client_timer(Transaction& t, TimerName timer, Effects& fx);
void invite_client_transport_error(Transaction& t, Effects& fx);

// Non-INVITE client transaction: §17.1.2.2 (Figure 6).
void non_invite_client_start(Transaction& t, Effects& fx);
void non_invite_client_response(Transaction& t, message::Message&& response, Effects& fx);
void non_invite_client_timer(Transaction& t, TimerName timer, Effects& fx);
void non_invite_client_transport_error(Transaction& t, Effects& fx);

// INVITE server transaction: §17.2.1 (Figure 7), RFC 6026 §7.1.
void invite_server_start(Transaction& t, Effects& fx);
void invite_server_retransmission(Transaction& t, Effects& fx);
// An ACK matched the transaction. True when it goes to the TU (Accepted).
bool invite_server_ack(Transaction& t, Effects& fx);
ResponseResult invite_server_respond(Transaction& t, message::Message&& response, Effects& fx);
void invite_server_timer(Transaction& t, TimerName timer, Effects& fx);
void invite_server_transport_error(Transaction& t, Effects& fx);

// Non-INVITE server transaction: §17.2.2 (Figure 8).
void non_invite_server_start(Transaction& t, Effects& fx);
void non_invite_server_retransmission(Transaction& t, Effects& fx);
ResponseResult non_invite_server_respond(Transaction& t, message::Message&& response, Effects& fx);
void non_invite_server_timer(Transaction& t, TimerName timer, Effects& fx);
void non_invite_server_transport_error(Transaction& t, Effects& fx);

}  // namespace dialtone::transaction::detail
