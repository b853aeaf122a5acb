#pragma once
// The stateful proxy of RFC 3261 §16 (server::proxy::Proxy, sans-I/O) on one worker: it
// carries out the core's actions with the worker's TransactionLayer, DNS resolver, timers
// and sockets, and feeds back what the transactions report (proxy.hpp says how).
//
// Each forwarded branch walks the destinations RFC 3263 finds for its next hop
// (transport::TargetWalk): a timeout, a transport error or a 503 moves on to the next one in
// a new client transaction whose branch keeps the loop-detection half (§4.3); only when
// every destination failed does the core hear of it (as 408 or 503). The Via and
// Record-Route name the address each message actually leaves from.
//
// Owned by the SipHandler of its worker, which passes it the requests this element proxies,
// their CANCELs and ACKs, every client-transaction action (on_action claims its own) and
// its timers (owns_timer). All on the worker's thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dialtone/sip/auth/credentials.hpp"
#include "dialtone/sip/auth/digest_server.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "dialtone/sip/transport/target_walk.hpp"
#include "runtime/advertised_addresses.hpp"
#include "runtime/dns_resolver.hpp"
#include "runtime/inbound.hpp"
#include "runtime/peer_trust.hpp"
#include "runtime/timer_ids.hpp"
#include "runtime/worker_services.hpp"
#include "server/proxy/proxy.hpp"
#include "store/location_service.hpp"

namespace dialtone::runtime {

// What every worker's proxy shares; immutable while the server runs.
struct ProxyShared {
    server::proxy::ProxyConfig config;
    PeerTrust trusted;
    AdvertisedAddresses addresses;
    DnsResolverConfig dns;
};

class ProxyRunner {
  public:
    using Execute = std::function<void(std::vector<transaction::Action>&)>;
    using Respond = std::function<void(transaction::ServerHandle, message::Message)>;

    // Throws std::invalid_argument when the dial plan does not compile.
    ProxyRunner(const ProxyShared& shared, transaction::TransactionLayer& layer,
                WorkerServices& services, Execute execute, Respond respond,
                const store::LocationService* location, const auth::CredentialLookup* users,
                auth::DigestServer* digest);
    ~ProxyRunner();
    ProxyRunner(const ProxyRunner&) = delete;
    ProxyRunner& operator=(const ProxyRunner&) = delete;

    // Whether a request goes to the proxy rather than to this element's own roles: all but
    // REGISTER, and OPTIONS for the server itself (no user part, or Max-Forwards 0, §11).
    static bool takes(const message::Message& request);

    // Before the transaction layer, for requests a stateless dial-plan rule (§16.11) may
    // take; true when it did (nothing else to do).
    bool on_stateless_request(const message::Message& request, const Source& from);
    void on_request(const transaction::DeliverRequest& d, const Source& from);
    // A CANCEL whose INVITE this proxy is forwarding; false (not handled) otherwise.
    bool on_cancel(const transaction::DeliverRequest& d);
    // An ACK no server transaction absorbed (the ACK for a 2xx).
    void on_ack(const message::Message& ack, const transport::Endpoint& from);
    // Responses, timeouts, transport errors and ends of this proxy's client transactions, and
    // responses no transaction matched. True when the action was this one's.
    bool on_action(transaction::Action& action);

    static bool owns_timer(std::uint64_t id) { return (id >> 62) == 1; }
    void on_timer(std::uint64_t id);

    // For the executor: options for a client transaction of this proxy (nullopt if not one).
    std::optional<SendOptions> send_options(transaction::ClientHandle txn);

    // Requests being proxied statefully (for drain).
    std::size_t in_flight() const { return proxy_.contexts(); }

  private:
    // One branch's walk over the destinations of its next hop.
    struct Route {
        explicit Route(server::proxy::Forward f) : branch(f.branch), forward(std::move(f)) {}
        server::proxy::BranchId branch = 0;
        // As the core made it, before our Via. A failover attempt copies it, so it is kept
        // until the branch has its final answer; then only the transaction is waited for
        // (up to 32 s for an INVITE), and the request would be dead weight.
        std::optional<server::proxy::Forward> forward;
        transport::LocateRequest locate;
        std::optional<transport::TargetWalk> walk;
        transaction::ClientHandle txn;
        bool txn_live = false;
        transport::Endpoint destination;
        unsigned attempts = 0;
        bool ended = false;  // the core has its final answer
    };

    void run(std::vector<server::proxy::Action>& actions);
    void forward(server::proxy::Forward f);
    void forward_stateless(std::shared_ptr<server::proxy::Forward> f);
    void send_stateless(server::proxy::Forward& f, const transport::Endpoint& to);
    void on_resolved(server::proxy::BranchId branch, ResolveResult result);
    void attempt(server::proxy::BranchId branch);
    void branch_failed(server::proxy::BranchId branch);
    void cancel_branch(server::proxy::BranchId branch);
    void send_stateless_response(message::Message response);
    // Timer B/F or a transport error on a client transaction; false if not this proxy's.
    bool on_attempt_failure(transaction::ClientHandle txn, transport::AttemptFailure failure);
    void release(server::proxy::BranchId branch);
    // The core has the branch's final answer.
    static void end(Route& r);
    std::optional<server::proxy::Interface> outbound_interface(const transport::Endpoint& to);
    server::proxy::Interface inbound_interface(const transport::Endpoint& from);
    server::proxy::IncomingRequest incoming(transaction::RequestPtr request,
                                            const transport::Endpoint& from);
    DnsResolver* resolver();
    void run_layer(std::vector<transaction::Action>& actions) { execute_(actions); }
    static transaction::Instant now();
    static std::int64_t wall_ms();

    const ProxyShared& shared_;
    transaction::TransactionLayer& layer_;
    WorkerServices& services_;
    Execute execute_;
    Respond respond_;
    server::proxy::Proxy proxy_;
    std::unique_ptr<DnsResolver> resolver_;
    bool resolver_failed_ = false;
    std::unordered_map<server::proxy::BranchId, Route> routes_;
    // Every client transaction of a branch (attempts and CANCELs) to its branch.
    std::unordered_map<transaction::ClientHandle, server::proxy::BranchId> by_txn_;
    std::unordered_set<transaction::ClientHandle> cancels_;
    TimerIds<server::proxy::TimerId> timers_{std::uint64_t{1} << 62};
    // Callbacks posted to the worker check this before touching `this`.
    std::shared_ptr<bool> alive_;
};

}  // namespace dialtone::runtime
