#pragma once
// The RFC 3261 §17 transaction layer, with the RFC 6026 corrections, as a sans-I/O state
// machine (DESIGN.md §2.1): it owns every client and server transaction, matches messages
// to them (§17.1.3, §17.2.3), runs the four machines, and deletes transactions the instant
// they terminate. It never reads a clock, touches a socket or starts a thread. Inputs are
// the calls below, each given the instant it happens at; outputs are Actions appended to the
// caller's vector (see action.hpp). One layer belongs to one worker thread (DESIGN.md §2.5);
// it is not thread-safe.
//
// Behaviour worth knowing:
//  - Retransmission timers (A, E, G) run only on unreliable transports, and timers D, I, J,
//    K, which are zero on reliable transports, end the transaction at once there instead of
//    arming a timer of zero.
//  - INVITE server: 100 (Trying) per LayerConfig::trying; a 2xx takes the transaction to
//    Accepted (RFC 6026) where INVITE retransmissions are absorbed, further 2xx from the TU
//    are sent and ACKs go to the TU. The TU retransmits its 2xx (§13.3.1.4).
//  - INVITE client: the ACK for a 300-699 response is built (§17.1.1.3), sent and re-sent for
//    each retransmission of that response; 2xx responses go to the TU, which sends the ACK
//    (use send_stateless); in Accepted every further 2xx goes to the TU as well.
//  - Transport errors, as §17.1.4 and §17.2.4 describe: the transaction informs the TU and
//    ends, except an INVITE server transaction in Proceeding or Accepted, which informs the
//    TU and stays (RFC 6026 Figure 7): the TU may still answer, or is retransmitting its 2xx.
//
// A runtime drives it like this (tests/unit/support/layer_driver.hpp does the same on a
// simulated clock):
//
//   std::vector<Action> out;                       // reused, so steady state allocates nothing
//   layer.on_message(std::move(parsed), source, now(), out);
//   for (Action& a : out) {                        // in order
//       Send        -> transport.send(a.destination, *a.bytes); on failure, later:
//                      layer.on_transport_error(a.txn, now(), more)
//       StartTimer  -> wheel.add(a.due, a.id);  when due: layer.on_timer(a.id, now(), more)
//       CancelTimer -> wheel.remove(a.id)          (optional: stale timers are ignored)
//       Deliver*, Stray, Timeout, TransportFailure, Terminated -> the TU
//   }
//   out.clear();
//
// The TU may call back into the layer (send_response, send_request) while it handles an
// action, with a vector of its own: the layer never keeps references into `out`.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/transaction/action.hpp"
#include "dialtone/sip/transaction/handles.hpp"
#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transaction/layer_config.hpp"
#include "dialtone/sip/transaction/layer_stats.hpp"
#include "dialtone/sip/transaction/state.hpp"
#include "dialtone/sip/transaction/timer_id.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::transaction {

// What became of a response the TU passed to send_response.
enum class ResponseResult : std::uint8_t {
    Sent,
    // The transaction has ended (or the handle never named one).
    StaleHandle,
    // Not a response, or a status outside 100-699.
    NotAResponse,
    // The transaction's state takes no such response: any response once a non-2xx final
    // was sent (§17.2.1, §17.2.2 "MUST be discarded"), anything but a 2xx in Accepted.
    Discarded,
};

class TransactionLayer {
  public:
    explicit TransactionLayer(LayerConfig config = {});
    ~TransactionLayer();
    TransactionLayer(TransactionLayer&&) noexcept;
    TransactionLayer& operator=(TransactionLayer&&) noexcept;
    TransactionLayer(const TransactionLayer&) = delete;
    TransactionLayer& operator=(const TransactionLayer&) = delete;

    // A message from the wire. `source` is where it came from (for a reliable transport, the
    // connection). Requests are matched to server transactions (§17.2.3) or start new ones;
    // responses are matched to client transactions (§17.1.3). Messages that cannot be
    // matched come back as Stray.
    void on_message(message::Message message, const transport::Endpoint& source, Instant now,
                    std::vector<Action>& out);

    // The TU starts a client transaction (§17.1.1, §17.1.2) for `request`, which must
    // carry its top Via with a unique z9hG4bK branch (§8.1.1.7; new_branch() makes one) and a
    // CSeq whose method is the request's. ACK is refused: the ACK for a 300-699 response is
    // the INVITE transaction's, and the ACK for a 2xx is sent with send_stateless.
    message::Result<ClientHandle> send_request(message::Message request,
                                               const transport::Endpoint& destination, Instant now,
                                               std::vector<Action>& out);

    // The TU answers the request of a server transaction (§17.2.1, §17.2.2).
    ResponseResult send_response(ServerHandle txn, message::Message response, Instant now,
                                 std::vector<Action>& out);

    // The TU answers the way a stateless UAS does (§8.2.7): the final response goes out once
    // and the transaction ends with it, keeping nothing for the 32 s a Completed one would.
    // A retransmitted request then starts a new transaction and is answered anew, and the
    // ACK of a non-2xx answer to an INVITE arrives as a Stray. §8.2.7 gives the use: a
    // challenge (401/407) to an unauthenticated request, so that a flood of them creates no
    // state. NotAResponse for a provisional response, or a 2xx to an INVITE (which must be
    // retransmitted until ACKed); otherwise as send_response.
    ResponseResult send_final_and_forget(ServerHandle txn, message::Message response, Instant now,
                                         std::vector<Action>& out);

    // Sends a message outside any transaction: the ACK for a 2xx (§13.2.2.4), a 2xx a proxy
    // forwards statelessly (§16.7 step 5 / RFC 6026), a stateless response.
    void send_stateless(const message::Message& message, const transport::Endpoint& destination,
                        std::vector<Action>& out);

    // A timer this layer started is due. Stale timers (cancelled, restarted, or of a
    // transaction that ended) are ignored.
    void on_timer(const TimerId& timer, Instant now, std::vector<Action>& out);

    // The transport failed to send a message of this transaction (§17.1.4, §17.2.4).
    void on_transport_error(const TransactionRef& txn, Instant now, std::vector<Action>& out);

    // A branch parameter no other transaction of this layer uses: "z9hG4bK" and 16 hex digits
    // drawn from LayerConfig::seed and a counter.
    std::string new_branch();

    // Transactions alive now.
    std::size_t size() const;
    // The state of a transaction, or nullopt once it has ended.
    std::optional<State> state(ClientHandle txn) const;
    std::optional<State> state(ServerHandle txn) const;
    // The request that created a transaction (a server transaction's as received, a client
    // transaction's as sent), for as long as the TU can answer or cancel it. Once the final
    // response has passed it may be dropped (only retransmissions are left to absorb), and
    // it is null once the transaction has ended. A TU builds responses and CANCELs from it.
    RequestPtr request(ClientHandle txn) const;
    RequestPtr request(ServerHandle txn) const;

    const LayerStats& stats() const;
    const LayerConfig& config() const;

    class Core;

  private:
    std::unique_ptr<Core> core_;
};

}  // namespace dialtone::transaction
