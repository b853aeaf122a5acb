#pragma once
// Requests a transaction user on one worker sends (RFC 3261 §8.1.2, RFC 3263 §4): the next
// hop from the top Route or the Request-URI (or one the TU names), located asynchronously
// with the worker's DnsResolver, then tried target by target, one client transaction per
// attempt, as transport::TargetWalk decides (timeout, transport error or 503 move on; the TU
// gets 408 or 503 when every target failed). The TU sees provisional and final responses,
// can CANCEL an INVITE (§9.1) and send the ACK for a 2xx (§13.2.2.4).
//
// It shares its owner's TransactionLayer: the owner carries out the layer's actions (the
// `execute` function it passes in), sends a client transaction's bytes with send_options()
// so a failed send comes back as a transport error, and hands every client-transaction
// action to on_action(). All on the worker's thread. Responses reach the worker that owns
// their Call-ID (DESIGN.md §2.5), so a TU sends from the worker that owns the request's
// Call-ID.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "dialtone/sip/transport/attempt_request.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "dialtone/sip/transport/target_walk.hpp"
#include "runtime/dns_resolver.hpp"
#include "runtime/worker_services.hpp"

namespace dialtone::runtime {

struct OutboundConfig {
    DnsResolverConfig dns;
    transport::UdpSizeRule udp_size;
};

using OutboundId = std::uint64_t;

// What the TU is told with each response.
struct OutboundResponse {
    OutboundId id = 0;
    const message::Message* response = nullptr;
    // Made here, not received: 408 or 503 when every target failed (§8.1.3.1, §16.7), 487
    // for a request cancelled before it was sent. `reason` says why.
    bool synthesized = false;
    std::string reason;
    // The target the response came from (null for a synthesized one).
    const transport::ResolvedTarget* target = nullptr;
};

struct OutboundCallbacks {
    // Every provisional and final response for the TU, and 2xx retransmissions of an INVITE.
    std::function<void(const OutboundResponse&)> on_response;
    // Progress: an attempt starts (index into the target list, and its size).
    std::function<void(const transport::ResolvedTarget&, std::size_t index, std::size_t total)>
        on_attempt;
    // Progress: an attempt failed and the next target is tried.
    std::function<void(const transport::AttemptRecord&)> on_failover;
};

enum class CancelResult : std::uint8_t {
    Sent,                // CANCEL sent to the target and branch of the INVITE
    WaitingProvisional,  // sent as soon as a provisional response arrives (§9.1)
    NotSentYet,          // the INVITE had not left: it never will, the TU gets 487
    TooLate,             // a final response was already delivered
    NotInvite,
    Unknown,  // no such request (finished, or never existed)
};

class OutboundRequests {
  public:
    using Execute = std::function<void(std::vector<transaction::Action>&)>;

    OutboundRequests(transaction::TransactionLayer& layer, WorkerServices& services,
                     Execute execute, OutboundConfig config = {});
    ~OutboundRequests();
    OutboundRequests(const OutboundRequests&) = delete;
    OutboundRequests& operator=(const OutboundRequests&) = delete;

    // Sends `request`, which carries no Via of this element (each attempt adds its own with a
    // new branch) and, for an INVITE, is one the TU may later cancel. `next_hop` replaces
    // the one the request names. Fails when the next hop is not a SIP/SIPS URI or the request
    // is not one a client transaction may send (ACK).
    message::Result<OutboundId> send(message::Message request, OutboundCallbacks callbacks,
                                     std::optional<transport::LocateRequest> next_hop = {});

    CancelResult cancel(OutboundId id);

    // Sends the ACK for a 2xx (§13.2.2.4) to where the INVITE went, outside any transaction,
    // with its own Via and branch. False when the request is no longer known.
    bool send_ack(OutboundId id, message::Message ack);

    // For the owner's executor: a Send of a client transaction goes with these options.
    SendOptions send_options(transaction::ClientHandle txn);

    // For the owner's executor: DeliverResponse, Timeout, TransportFailure and Terminated of
    // client transactions, and Stray responses. True when the action was this one's.
    bool on_action(transaction::Action& action);

    // Requests still waiting for their final response (for drain).
    std::size_t in_flight() const;

  private:
    struct Request;

    void on_resolved(OutboundId id, ResolveResult result);
    void attempt(Request& r);
    void finish_with_failure(Request& r);
    void deliver(Request& r, const message::Message& response, bool synthesized,
                 std::string reason);
    void send_cancel(Request& r);
    void on_response(OutboundId id, transaction::DeliverResponse& d);
    void on_failure(OutboundId id, transaction::ClientHandle txn,
                    transport::AttemptFailure failure);
    void release_if_done(OutboundId id);
    DnsResolver* resolver(std::string& error);
    std::optional<transport::SentBy> sent_by(const transport::Endpoint& to);
    void run(std::vector<transaction::Action>& actions) { execute_(actions); }
    static transaction::Instant now();

    transaction::TransactionLayer& layer_;
    WorkerServices& services_;
    Execute execute_;
    OutboundConfig config_;
    std::unique_ptr<DnsResolver> resolver_;
    std::unordered_map<OutboundId, std::unique_ptr<Request>> requests_;
    // Attempts and CANCELs, to the request they belong to.
    std::unordered_map<transaction::ClientHandle, OutboundId> by_txn_;
    // Why a send failed, kept for the TransportFailure it becomes.
    std::unordered_map<transaction::ClientHandle, std::string> send_errors_;
    OutboundId next_id_ = 1;
    // Callbacks posted to the worker check this before touching `this`.
    std::shared_ptr<bool> alive_;
};

}  // namespace dialtone::runtime
