#pragma once
// The stateful proxy, redirect server and dial plan of RFC 3261 §16 as a sans-I/O transaction
// user (DESIGN.md §2.1, §2.6). It never reads a clock, resolves a name or owns a transaction:
// inputs are the calls below, each with the instant it happens at; outputs are Actions
// (proxy_action.hpp) appended to the caller's vector. One Proxy belongs to one worker
// thread, next to that worker's TransactionLayer; it is not thread-safe.
//
// Per request: §16.3 checks (416, 483, 420), §16.4 Route pre-processing, loop detection
// (482, loops told from spirals by the branch hash), digest authentication of callers that
// claim a local user (407), §16.5 targets (location service with Path and q, dial plan,
// other domains only for trusted senders), then either a redirect (302/300), a refusal, or
// a response context (§16.7) forwarding to every target of the first group: 100 Trying for
// INVITE at once, provisionals forwarded, every 2xx forwarded at once, the best final when
// all branches are done (6xx ends the search, 401/407 challenges gathered, 503 → 500), Timer
// C per branch, sequential groups on failure or no answer, CANCEL of pending branches on a
// 2xx, a 6xx or the caller's CANCEL (§16.10).
//
// A runtime drives it like this, next to its TransactionLayer `layer`:
//
//   std::vector<proxy::Action> out;
//   // every request, before the layer, when plan().has_stateless_rule() (§16.11):
//   if (proxy.on_stateless_request({{}, req, source, local, trusted}, now, wall_ms, out)) done;
//   // layer actions:
//   DeliverRequest, not ACK/CANCEL -> proxy.on_request({d.txn, d.request, d.source, local,
//                                       trusted}, now, wall_ms, out)
//                                    (after Core has taken OPTIONS for us, REGISTER for our
//                                     domains; the rest comes here)
//   DeliverRequest CANCEL          -> proxy.on_cancel(d.txn, *d.request, d.cancels, now, out)
//   DeliverRequest ACK (Accepted), Stray AckWithoutTransaction
//                                  -> proxy.on_ack({{}, ack, source, local, trusted}, now,
//                                                   wall_ms, out)
//   DeliverResponse on a client txn mapped to branch b
//                                  -> proxy.on_response(b, response, now, out)
//   Timeout / TransportFailure on such a txn
//                                  -> proxy.on_branch_failure(b, kind, now, out)
//   Stray NoTransaction (a response) -> proxy.on_stray_response(response, out)
//   Terminated of a mapped client txn -> forget the mapping
//   // proxy actions, in order:
//   Forward f       -> resolve f.hop (RFC 3263) unless f.hop.endpoint; pick the outbound
//                      interface; msg = finish_forward(f, outbound); if f.server:
//                      h = layer.send_request(msg, dest), map h -> f.branch (a resolution
//                      or send failure: on_branch_failure(f.branch, Transport, ...));
//                      else layer.send_stateless(msg, dest)
//   SendResponse r  -> layer.send_response(r.server, r.response)
//   SendStatelessResponse r -> send to the top Via's destination (§18.2.2)
//   CancelBranch c  -> CANCEL (transaction::make_cancel of the branch's request) sent in a
//                      client transaction of its own to the branch's destination
//   StartTimer t    -> wheel.add(t.due, t.id); when due: proxy.on_timer(t.id, now, out)
//   CancelTimer t   -> wheel.remove(t.id)
//   out.clear();
//
// `wall_ms` is wall-clock Unix time (binding expiry, digest nonces); `now` the layer's clock.
// ProxyConfig::interfaces must list every address:port the runtime advertises in Via and
// Record-Route (loop detection and our own Route rely on it), and requests for the proxy
// must not be refused earlier by UAS-role validation (Require → 420, body type → 415):
// the proxy runs §16.3 itself with message::Role::Proxy.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dialtone/sip/auth/credentials.hpp"
#include "dialtone/sip/auth/digest_server.hpp"
#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/action.hpp"
#include "dialtone/sip/transaction/handles.hpp"
#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "server/proxy/best_response.hpp"
#include "server/proxy/dial_plan.hpp"
#include "server/proxy/proxy_action.hpp"
#include "server/proxy/proxy_config.hpp"
#include "server/proxy/request_check.hpp"
#include "server/proxy/target_set.hpp"
#include "store/location_service.hpp"

namespace dialtone::server::proxy {

struct IncomingRequest {
    // The server transaction that received it; empty for on_stateless_request and on_ack.
    transaction::ServerHandle server;
    transaction::RequestPtr request;
    transport::Endpoint source;
    // The interface it arrived on: our Record-Route names it.
    Interface local;
    // The runtime vouches for the sender (a verified TLS client certificate, ...). Sources
    // listed in ProxyConfig::trusted_peers are trusted without it.
    bool trusted = false;
};

enum class BranchFailure : std::uint8_t {
    Timeout,    // Timer B or F: as if 408 arrived (§16.7 step 3, §16.8)
    Transport,  // nothing could be sent, no destination resolved: as if 503 (§16.9)
};

class Proxy {
  public:
    // `location`, `users` and `digest` may be null (no registrar, no authentication); they
    // must outlive the proxy. `seed` makes this proxy's branches differ from another
    // worker's or an earlier process's: give each a random one. Throws
    // std::invalid_argument when the dial plan does not compile (a start-up failure).
    Proxy(ProxyConfig config, const store::LocationService* location,
          const auth::CredentialLookup* users, auth::DigestServer* digest, std::uint64_t seed);
    Proxy(const Proxy&) = delete;
    Proxy& operator=(const Proxy&) = delete;

    void on_request(const IncomingRequest& in, transaction::Instant now, std::int64_t wall_ms,
                    std::vector<Action>& out);
    // A request of a stateless rule (§16.11) is forwarded (or refused) at once with a branch
    // computed from the request, so its retransmissions, its CANCEL and the ACK of a non-2xx
    // take the same one. False (nothing done) for every other request: give it to the layer.
    bool on_stateless_request(const IncomingRequest& in, transaction::Instant now,
                              std::int64_t wall_ms, std::vector<Action>& out);
    // An ACK no server transaction absorbed: the ACK for a 2xx, forwarded by its Route
    // (§16.6, §13.2.2.4), or the ACK of a non-2xx to a stateless rule. Never answered.
    void on_ack(const IncomingRequest& in, transaction::Instant now, std::int64_t wall_ms,
                std::vector<Action>& out);
    // A CANCEL (§16.10) on server transaction `cancel_txn`, matching INVITE server
    // transaction `invite` (empty when none did: 481). Answered hop by hop with 200; the
    // pending branches are cancelled and the INVITE is answered 487 once they are done.
    void on_cancel(transaction::ServerHandle cancel_txn, const message::Message& cancel,
                   transaction::ServerHandle invite, transaction::Instant now,
                   std::vector<Action>& out);
    void on_response(BranchId branch, message::Message response, transaction::Instant now,
                     std::vector<Action>& out);
    // A response that matched no client transaction: forwarded statelessly by its next Via
    // when the top one is ours (§16.11), dropped otherwise.
    void on_stray_response(message::Message response, std::vector<Action>& out);
    void on_branch_failure(BranchId branch, BranchFailure failure, transaction::Instant now,
                           std::vector<Action>& out);
    void on_timer(const TimerId& timer, transaction::Instant now, std::vector<Action>& out);

    // Response contexts alive (one per request being proxied statefully).
    std::size_t contexts() const { return contexts_.size(); }
    bool has_context(transaction::ServerHandle server) const {
        return contexts_.count(server) != 0;
    }
    const DialPlan& plan() const { return plan_; }
    const ProxyConfig& config() const { return config_; }

  private:
    enum class BranchState : std::uint8_t { Waiting, Calling, Proceeding, Done };
    struct Branch {
        BranchId id = 0;
        Target target;
        BranchState state = BranchState::Waiting;
        bool cancel_wanted = false;  // CANCEL once a provisional arrives (§9.1)
        bool cancel_sent = false;
        std::uint32_t timer_c_seq = 0;
        std::uint32_t no_answer_seq = 0;
    };
    struct Context {
        explicit Context(message::Message b) : base(std::move(b)) {}
        transaction::ServerHandle server;
        transaction::RequestPtr original;
        message::Message base;  // after §16.4, before any target's changes
        Interface inbound;
        std::uint64_t loop = 0;
        bool invite = false;
        bool cancelled = false;
        bool final_sent = false;
        bool stop_forking = false;
        std::size_t group = 0;
        std::vector<Branch> branches;
        std::vector<BranchFinal> finals;
    };

    struct Admission {
        std::optional<message::Message> refusal;
        std::optional<message::Message> base;  // set when not refused
        bool trusted = false;
        bool own_route_removed = false;
    };
    // §16.3, §16.4, loop detection and authentication, shared by every kind of request.
    Admission admit(const IncomingRequest& in, std::int64_t wall_ms, bool authenticate);
    std::optional<message::Message> authenticate(const message::Message& request,
                                                 std::int64_t wall_ms, bool& authenticated);
    bool trusted_source(const IncomingRequest& in) const;
    message::Message respond(const message::Message& request, int status,
                             std::string_view reason = {}) const;
    message::Message refuse(const message::Message& request, const Refusal& refusal) const;

    void start_group(Context& ctx, transaction::Instant now, std::vector<Action>& out);
    void start_branch(Context& ctx, Branch& b, bool more_groups, transaction::Instant now,
                      std::vector<Action>& out);
    void cancel_pending(Context& ctx, BranchId except, std::vector<Action>& out);
    void finish_branch(Context& ctx, Branch& b, std::vector<Action>& out);
    void give_up_branch(Context& ctx, Branch& b, int status, std::vector<Action>& out);
    // Moves the context on after a branch ended; may erase it.
    void advance(transaction::ServerHandle server, transaction::Instant now,
                 std::vector<Action>& out);
    void erase(Context& ctx);
    Branch* find_branch(BranchId id, Context*& ctx);
    void forward_stateless(const Admission& a, const IncomingRequest& in, const Target& target,
                           std::vector<Action>& out);

    ProxyConfig config_;
    DialPlan plan_;
    TargetResolver resolver_;
    auth::DigestServer* digest_;
    std::uint64_t seed_;  // stateful branches; stateless ones use config_.secret
    BranchId next_branch_ = 1;
    std::unordered_map<transaction::ServerHandle, Context> contexts_;
    std::unordered_map<BranchId, transaction::ServerHandle> branch_owner_;
};

}  // namespace dialtone::server::proxy
