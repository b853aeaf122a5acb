#include "runtime/proxy_runner.hpp"

#include <chrono>
#include <random>
#include <utility>
#include <variant>

#include <spdlog/spdlog.h>

#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/transaction/make_cancel.hpp"
#include "runtime/log_value.hpp"
#include "server/proxy/forward_request.hpp"
#include "server/proxy/loop_detection.hpp"

namespace dialtone::runtime {

namespace proxy = server::proxy;
using message::Message;
using message::Method;
using transaction::Action;
using transaction::ClientHandle;

namespace {

std::uint64_t random_seed() {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

}  // namespace

ProxyRunner::ProxyRunner(const ProxyShared& shared, transaction::TransactionLayer& layer,
                         WorkerServices& services, Execute execute, Respond respond,
                         const store::LocationService* location,
                         const auth::CredentialLookup* users, auth::DigestServer* digest)
    : shared_(shared),
      layer_(layer),
      services_(services),
      execute_(std::move(execute)),
      respond_(std::move(respond)),
      proxy_(shared.config, location, users, digest, random_seed()),
      alive_(std::make_shared<bool>(true)) {}

ProxyRunner::~ProxyRunner() {
    *alive_ = false;
}

transaction::Instant ProxyRunner::now() {
    return transaction::Instant(std::chrono::duration_cast<transaction::Duration>(
        std::chrono::steady_clock::now().time_since_epoch()));
}

std::int64_t ProxyRunner::wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool ProxyRunner::takes(const Message& request) {
    switch (request.method()) {
        case Method::Register:
            return false;
        case Method::Options: {
            // §11: OPTIONS to the server itself (or one that may go no further) is answered
            // here; to a user it is forwarded like any request.
            auto uri = request.request_uri();
            if (!uri || uri->user.empty()) return false;
            auto mf = request.max_forwards();
            return !(mf && *mf == 0);
        }
        default:
            return true;
    }
}

DnsResolver* ProxyRunner::resolver() {
    if (!resolver_ && !resolver_failed_) {
        std::string error;
        resolver_ = DnsResolver::create(services_.io_context(), shared_.dns, error);
        if (!resolver_) {
            resolver_failed_ = true;
            spdlog::error("event=dns_resolver_error error={}", log_value(error));
        }
    }
    return resolver_.get();
}

proxy::Interface ProxyRunner::inbound_interface(const transport::Endpoint& from) {
    proxy::Interface i{from.transport, {}, shared_.addresses.port_of(from.transport)};
    if (auto local = services_.local_endpoint_for(from)) {
        i.host = local->ip;
        if (i.port == 0) i.port = local->port;
    }
    return i;
}

std::optional<proxy::Interface> ProxyRunner::outbound_interface(const transport::Endpoint& to) {
    auto local = services_.local_endpoint_for(to);
    if (!local) return std::nullopt;
    const std::uint16_t port = shared_.addresses.port_of(to.transport);
    return proxy::Interface{to.transport, local->ip, port != 0 ? port : local->port};
}

proxy::IncomingRequest ProxyRunner::incoming(transaction::RequestPtr request,
                                             const transport::Endpoint& from) {
    proxy::IncomingRequest in;
    in.request = std::move(request);
    in.source = from;
    in.local = inbound_interface(from);
    in.trusted = shared_.trusted.contains(from.ip);
    return in;
}

bool ProxyRunner::on_stateless_request(const Message& request, const Source& from) {
    if (!proxy_.plan().has_stateless_rule()) return false;
    std::vector<proxy::Action> out;
    const bool taken = proxy_.on_stateless_request(
        incoming(std::make_shared<const Message>(request), from.endpoint()), now(), wall_ms(), out);
    run(out);
    return taken;
}

void ProxyRunner::on_request(const transaction::DeliverRequest& d, const Source& from) {
    proxy::IncomingRequest in = incoming(d.request, from.endpoint());
    in.server = d.txn;
    std::vector<proxy::Action> out;
    proxy_.on_request(in, now(), wall_ms(), out);
    run(out);
}

bool ProxyRunner::on_cancel(const transaction::DeliverRequest& d) {
    if (!d.cancels || !proxy_.has_context(d.cancels)) return false;
    std::vector<proxy::Action> out;
    proxy_.on_cancel(d.txn, *d.request, d.cancels, now(), out);
    run(out);
    return true;
}

void ProxyRunner::on_ack(const Message& ack, const transport::Endpoint& from) {
    std::vector<proxy::Action> out;
    proxy_.on_ack(incoming(std::make_shared<const Message>(ack), from), now(), wall_ms(), out);
    run(out);
}

void ProxyRunner::run(std::vector<proxy::Action>& actions) {
    for (proxy::Action& a : actions) {
        if (auto* f = std::get_if<proxy::Forward>(&a)) {
            forward(std::move(*f));
        } else if (auto* r = std::get_if<proxy::SendResponse>(&a)) {
            respond_(r->server, std::move(r->response));
        } else if (auto* s = std::get_if<proxy::SendStatelessResponse>(&a)) {
            send_stateless_response(std::move(s->response));
        } else if (auto* c = std::get_if<proxy::CancelBranch>(&a)) {
            cancel_branch(c->branch);
        } else if (auto* start = std::get_if<proxy::StartTimer>(&a)) {
            timers_.start(services_, start->id, start->duration);
        } else if (auto* stop = std::get_if<proxy::CancelTimer>(&a)) {
            timers_.cancel(services_, stop->id);
        }
    }
}

// --- forwarding ---

void ProxyRunner::forward(proxy::Forward f) {
    if (f.branch == 0) return forward_stateless(std::make_shared<proxy::Forward>(std::move(f)));
    const proxy::BranchId id = f.branch;
    auto [slot, inserted] = routes_.try_emplace(id, std::move(f));
    if (!inserted) return;  // the core names each branch once
    Route& r = slot->second;
    const bool invite = r.forward->request.method() == Method::Invite;
    if (r.forward->hop.endpoint) {
        transport::ResolvedTarget target;
        target.endpoint = *r.forward->hop.endpoint;
        target.transport_pinned = true;
        r.walk.emplace(transport::TargetList({target}), invite);
        return attempt(id);
    }
    auto uri = message::parse_uri(r.forward->hop.uri);
    auto locate = uri ? transport::locate_request_from_uri(*uri)
                      : message::Result<transport::LocateRequest>(uri.error());
    DnsResolver* dns = locate ? resolver() : nullptr;
    if (dns == nullptr) {
        spdlog::info("event=proxy_no_route uri={} reason={}", log_value(r.forward->hop.uri),
                     log_value(locate ? "no DNS resolver" : locate.error().description()));
        r.walk.emplace(transport::TargetList{}, invite);
        return branch_failed(id);
    }
    r.locate = *locate;
    dns->resolve(*locate, [this, alive = alive_, id](ResolveResult result) {
        if (*alive) on_resolved(id, std::move(result));
    });
}

void ProxyRunner::on_resolved(proxy::BranchId id, ResolveResult result) {
    auto it = routes_.find(id);
    if (it == routes_.end()) return;
    Route& r = it->second;
    if (!r.forward) return;  // ended while the name was being resolved
    if (result.targets.empty()) {
        spdlog::info("event=proxy_no_route uri={} reason=dns", log_value(r.forward->hop.uri));
    }
    r.walk.emplace(std::move(result.targets), r.forward->request.method() == Method::Invite);
    attempt(id);
}

void ProxyRunner::attempt(proxy::BranchId id) {
    for (;;) {
        auto it = routes_.find(id);
        if (it == routes_.end()) return;
        Route& r = it->second;
        if (!r.forward) return;
        const transport::ResolvedTarget* target = r.walk->current();
        if (target == nullptr) return branch_failed(id);
        const transport::Endpoint to = target->endpoint;
        std::string problem = "no local address reaches it";
        if (auto out_if = outbound_interface(to)) {
            proxy::Forward copy = *r.forward;
            // RFC 3263 §4.3: each destination is a new transaction, so a new branch; its
            // second half stays the loop-detection hash.
            if (r.attempts > 0)
                copy.branch_param = proxy::retry_branch(r.forward->branch_param, r.attempts);
            Message message = proxy::finish_forward(copy, *out_if);
            ++r.attempts;
            std::vector<Action> out;
            auto txn = layer_.send_request(std::move(message), to, now(), out);
            if (txn) {
                r.txn = *txn;
                r.txn_live = true;
                r.destination = to;
                by_txn_[*txn] = id;
                run_layer(out);
                return;
            }
            problem = txn.error().description();
        } else {
            ++r.attempts;
        }
        if (r.walk->on_failure(transport::AttemptFailure::TransportError, problem) !=
            transport::WalkVerdict::Retry) {
            return branch_failed(id);
        }
    }
}

void ProxyRunner::branch_failed(proxy::BranchId id) {
    auto it = routes_.find(id);
    if (it == routes_.end()) return;
    Route& r = it->second;
    end(r);
    const int status = r.walk ? r.walk->failure_status() : 503;
    if (r.walk && !r.walk->attempts().empty()) {
        spdlog::info("event=proxy_branch_failed status={} attempts={}", status,
                     log_value(r.walk->failure_reason()));
    }
    std::vector<proxy::Action> out;
    proxy_.on_branch_failure(
        id, status == 408 ? proxy::BranchFailure::Timeout : proxy::BranchFailure::Transport, now(),
        out);
    release(id);
    run(out);
}

void ProxyRunner::end(Route& r) {
    r.ended = true;
    r.forward.reset();
}

void ProxyRunner::release(proxy::BranchId id) {
    auto it = routes_.find(id);
    if (it != routes_.end() && it->second.ended && !it->second.txn_live) routes_.erase(it);
}

void ProxyRunner::forward_stateless(std::shared_ptr<proxy::Forward> f) {
    if (f->hop.endpoint) return send_stateless(*f, *f->hop.endpoint);
    auto uri = message::parse_uri(f->hop.uri);
    if (!uri) return;
    auto locate = transport::locate_request_from_uri(*uri);
    DnsResolver* dns = locate ? resolver() : nullptr;
    if (dns == nullptr) return;
    // §16.11: no state, so no failover either: the first destination it resolves to.
    dns->resolve(*locate, [this, alive = alive_, f](ResolveResult result) {
        if (!*alive) return;
        if (const transport::ResolvedTarget* t = result.targets.current()) {
            send_stateless(*f, t->endpoint);
        }
    });
}

void ProxyRunner::send_stateless(proxy::Forward& f, const transport::Endpoint& to) {
    auto out_if = outbound_interface(to);
    if (!out_if) return;
    Message message = proxy::finish_forward(f, *out_if);
    std::vector<Action> out;
    layer_.send_stateless(message, to, out);
    run_layer(out);
}

void ProxyRunner::cancel_branch(proxy::BranchId id) {
    auto it = routes_.find(id);
    if (it == routes_.end()) return;
    Route& r = it->second;
    if (r.walk) r.walk->cancel();  // no failover once cancelled
    if (!r.txn_live) return;
    auto request = layer_.request(r.txn);
    if (!request) return;
    // §9.1: the CANCEL goes where the INVITE went, with its branch, in its own transaction;
    // its answer matters to nobody.
    std::vector<Action> out;
    auto txn = layer_.send_request(transaction::make_cancel(*request), r.destination, now(), out);
    if (txn) {
        cancels_.insert(*txn);
        by_txn_[*txn] = id;
    }
    run_layer(out);
}

void ProxyRunner::send_stateless_response(Message response) {
    auto via = response.top_via();
    if (!via) return;
    Source to;
    to.transport =
        transport::transport_from_token(via->transport).value_or(transport::Transport::Udp);
    services_.send_response(to, response.to_string());
}

// --- what the transactions report ---

bool ProxyRunner::on_action(Action& action) {
    if (auto* d = std::get_if<transaction::DeliverResponse>(&action)) {
        auto owner = by_txn_.find(d->txn);
        if (owner == by_txn_.end()) return false;
        if (cancels_.contains(d->txn)) return true;
        const proxy::BranchId id = owner->second;
        auto it = routes_.find(id);
        const int status = d->response.status();
        if (it != routes_.end() && it->second.txn == d->txn && !it->second.ended) {
            Route& r = it->second;
            switch (r.walk->on_response(status)) {
                case transport::WalkVerdict::Retry:
                    spdlog::info("event=proxy_failover branch={} status={}", id, status);
                    attempt(id);
                    return true;
                case transport::WalkVerdict::Fail:
                    branch_failed(id);
                    return true;
                default:
                    break;
            }
            if (status >= 200) end(r);
        } else if (status < 200 || status >= 300) {
            // A non-2xx of an attempt given up on: the core follows the current one. Every
            // 2xx still goes up (§16.7 step 5: a 2xx is always forwarded).
            return true;
        }
        spdlog::debug("event=proxy_response branch={} status={}", id, status);
        std::vector<proxy::Action> out;
        proxy_.on_response(id, std::move(d->response), now(), out);
        run(out);
        return true;
    }
    if (auto* t = std::get_if<transaction::Timeout>(&action)) {
        const auto* client = std::get_if<ClientHandle>(&t->txn);
        return client && on_attempt_failure(*client, transport::AttemptFailure::Timeout);
    }
    if (auto* f = std::get_if<transaction::TransportFailure>(&action)) {
        const auto* client = std::get_if<ClientHandle>(&f->txn);
        return client && on_attempt_failure(*client, transport::AttemptFailure::TransportError);
    }
    if (auto* t = std::get_if<transaction::Terminated>(&action)) {
        const auto* client = std::get_if<ClientHandle>(&t->txn);
        auto owner = client ? by_txn_.find(*client) : by_txn_.end();
        if (owner == by_txn_.end()) return false;
        const proxy::BranchId id = owner->second;
        by_txn_.erase(owner);
        cancels_.erase(*client);
        if (auto it = routes_.find(id); it != routes_.end() && it->second.txn == *client) {
            it->second.txn_live = false;
            release(id);
        }
        return true;
    }
    if (auto* s = std::get_if<transaction::Stray>(&action)) {
        if (s->message.is_response()) {
            // §16.11: a response to a request forwarded statelessly goes on by its Via.
            std::vector<proxy::Action> out;
            proxy_.on_stray_response(std::move(s->message), out);
            run(out);
            return true;
        }
        if (s->reason == transaction::StrayReason::AckWithoutTransaction) {
            on_ack(s->message, s->source);
            return true;
        }
    }
    return false;
}

bool ProxyRunner::on_attempt_failure(ClientHandle txn, transport::AttemptFailure failure) {
    auto owner = by_txn_.find(txn);
    if (owner == by_txn_.end()) return false;
    const proxy::BranchId id = owner->second;
    auto it = routes_.find(id);
    // A CANCEL's failure, or one of an attempt given up on, changes nothing.
    if (cancels_.contains(txn) || it == routes_.end() || it->second.txn != txn ||
        it->second.ended) {
        return true;
    }
    const char* what =
        failure == transport::AttemptFailure::Timeout ? "timeout" : "transport error";
    if (it->second.walk->on_failure(failure, what) == transport::WalkVerdict::Retry) {
        attempt(id);
    } else {
        branch_failed(id);
    }
    return true;
}

std::optional<SendOptions> ProxyRunner::send_options(ClientHandle txn) {
    auto owner = by_txn_.find(txn);
    if (owner == by_txn_.end()) return std::nullopt;
    SendOptions options;
    if (auto it = routes_.find(owner->second); it != routes_.end()) {
        const Route& r = it->second;
        options.secure_only = r.locate.secure;
        const transport::ResolvedTarget* target = r.walk ? r.walk->current() : nullptr;
        if (target != nullptr && !target->host.empty()) {
            options.tls_server_name = target->host;
        } else if (!r.locate.numeric && !r.locate.target.empty()) {
            options.tls_server_name = r.locate.target;
        }
    }
    options.on_failure = [this, alive = alive_, txn](const SendFailure&) {
        // Later, on the worker: the executor that sent may still be walking its actions.
        services_.post([this, alive, txn] {
            if (!*alive) return;
            std::vector<Action> out;
            layer_.on_transport_error(txn, now(), out);
            run_layer(out);
        });
    };
    return options;
}

// --- timers ---

void ProxyRunner::on_timer(std::uint64_t id) {
    auto timer = timers_.fired(id);
    if (!timer) return;
    std::vector<proxy::Action> out;
    proxy_.on_timer(*timer, now(), out);
    run(out);
}

}  // namespace dialtone::runtime
