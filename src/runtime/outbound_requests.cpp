#include "runtime/outbound_requests.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>
#include <variant>

#include "dialtone/sip/transaction/make_cancel.hpp"
#include "dialtone/sip/transport/next_hop.hpp"
#include "runtime/log_value.hpp"
#include "server/make_response.hpp"

namespace dialtone::runtime {

using message::Message;
using transaction::Action;
using transaction::ClientHandle;

struct OutboundRequests::Request {
    explicit Request(Message m) : request(std::move(m)) {}

    OutboundId id = 0;
    Message request;
    OutboundCallbacks callbacks;
    transport::LocateRequest locate;
    bool invite = false;
    std::optional<transport::TargetWalk> walk;  // once resolved
    std::string dns_problem;                    // why nothing resolved
    ClientHandle txn;                           // the attempt under way or last made
    transport::Endpoint destination;            // where that attempt went
    bool txn_live = false;
    ClientHandle cancel_txn;
    bool cancel_live = false;
    // Cancelled before any attempt was made: it never will be (the TU gets 487).
    bool cancelled_early = false;
    bool finished = false;  // the final response (real or made here) was delivered
};

namespace {

message::ParseError refused(std::uint16_t status, std::string_view what) {
    message::ParseError e;
    e.status = status;
    e.what = what;
    e.malformed = false;
    return e;
}

// "NAPTR example.test: no records; SRV _sip._udp.example.test: timeout".
std::string dns_problem_text(const ResolveResult& r) {
    std::string out;
    for (const transport::LookupStep& s : r.steps) {
        if (!out.empty()) out += "; ";
        out += std::string(transport::dns_type_name(s.query.type)) + ' ' + s.query.name + ": ";
        if (s.status == transport::DnsStatus::Ok) {
            out += std::to_string(s.records) + " records";
        } else if (s.status == transport::DnsStatus::NoRecords) {
            out += "no records";
        } else {
            out += s.error;
        }
    }
    for (const std::string& p : r.problems) {
        if (out.find(p) != std::string::npos) continue;
        if (!out.empty()) out += "; ";
        out += p;
    }
    return out.empty() ? "no targets" : out;
}

}  // namespace

OutboundRequests::OutboundRequests(transaction::TransactionLayer& layer, WorkerServices& services,
                                   Execute execute, OutboundConfig config)
    : layer_(layer),
      services_(services),
      execute_(std::move(execute)),
      config_(std::move(config)),
      alive_(std::make_shared<bool>(true)) {}

OutboundRequests::~OutboundRequests() {
    *alive_ = false;
}

transaction::Instant OutboundRequests::now() {
    return transaction::Instant(std::chrono::duration_cast<transaction::Duration>(
        std::chrono::steady_clock::now().time_since_epoch()));
}

DnsResolver* OutboundRequests::resolver(std::string& error) {
    if (!resolver_) resolver_ = DnsResolver::create(services_.io_context(), config_.dns, error);
    return resolver_.get();
}

std::optional<transport::SentBy> OutboundRequests::sent_by(const transport::Endpoint& to) {
    auto local = services_.local_endpoint_for(to);
    if (!local) return std::nullopt;
    return transport::SentBy{local->ip, local->port};
}

message::Result<OutboundId> OutboundRequests::send(message::Message request,
                                                   OutboundCallbacks callbacks,
                                                   std::optional<transport::LocateRequest> hop) {
    if (!request.is_request()) return refused(400, "not a request");
    if (request.method() == message::Method::Ack) {
        return refused(400, "an ACK is sent with send_ack, not in a transaction");
    }
    if (!hop) {
        auto located = transport::next_hop(request);
        if (!located) return located.error();
        hop = std::move(*located);
    }
    std::string error;
    DnsResolver* dns = resolver(error);
    if (dns == nullptr) {
        spdlog::error("event=dns_resolver_error error={}", log_value(error));
        return refused(503, "the DNS resolver could not start");
    }
    const bool invite = request.method() == message::Method::Invite;
    auto r = std::make_unique<Request>(std::move(request));
    const OutboundId id = next_id_++;
    r->id = id;
    r->invite = invite;
    r->callbacks = std::move(callbacks);
    r->locate = *hop;
    requests_.emplace(id, std::move(r));
    dns->resolve(*hop, [this, alive = alive_, id](ResolveResult result) {
        if (*alive) on_resolved(id, std::move(result));
    });
    return id;
}

void OutboundRequests::on_resolved(OutboundId id, ResolveResult result) {
    auto it = requests_.find(id);
    if (it == requests_.end()) return;
    Request& r = *it->second;
    if (r.cancelled_early) return;  // its 487 is on the way
    if (result.targets.empty()) r.dns_problem = dns_problem_text(result);
    r.walk.emplace(std::move(result.targets), r.invite);
    attempt(r);
}

void OutboundRequests::attempt(Request& r) {
    for (;;) {
        const transport::ResolvedTarget* target = r.walk->current();
        if (target == nullptr) return finish_with_failure(r);
        std::string problem;
        auto sent_by_for = [this, &problem](const transport::Endpoint& to) {
            auto s = sent_by(to);
            if (!s) problem = "no local socket of this address family";
            return s.value_or(transport::SentBy{});
        };
        transport::AttemptRequest a = transport::make_attempt(
            r.request, *target, layer_.new_branch(), sent_by_for, config_.udp_size);
        if (a.too_large) problem = "request too large for UDP, and the URI asks for UDP";
        if (problem.empty()) {
            if (r.callbacks.on_attempt) {
                r.callbacks.on_attempt(*target, r.walk->targets().position(),
                                       r.walk->targets().size());
            }
            std::vector<Action> out;
            auto txn = layer_.send_request(std::move(a.request), a.destination, now(), out);
            if (txn) {
                r.txn = *txn;
                r.txn_live = true;
                r.destination = a.destination;
                by_txn_[*txn] = r.id;
                run(out);
                return;
            }
            problem = txn.error().description();
        }
        const transport::WalkVerdict verdict =
            r.walk->on_failure(transport::AttemptFailure::TransportError, problem);
        if (verdict != transport::WalkVerdict::Retry) return finish_with_failure(r);
        if (r.callbacks.on_failover) r.callbacks.on_failover(r.walk->attempts().back());
    }
}

void OutboundRequests::finish_with_failure(Request& r) {
    int status = 503;
    std::string reason;
    if (r.cancelled_early) {
        status = 487;
        reason = "cancelled before it was sent";
    } else if (r.walk && !r.walk->attempts().empty()) {
        status = r.walk->failure_status();
        reason = r.walk->failure_reason();
    } else {
        reason = r.dns_problem.empty() ? "no targets" : "DNS: " + r.dns_problem;
    }
    const Message response = server::make_response(r.request, status);
    deliver(r, response, true, std::move(reason));
    release_if_done(r.id);
}

void OutboundRequests::deliver(Request& r, const Message& response, bool synthesized,
                               std::string reason) {
    if (response.status() >= 200) r.finished = true;
    if (!r.callbacks.on_response) return;
    OutboundResponse info;
    info.id = r.id;
    info.response = &response;
    info.synthesized = synthesized;
    info.reason = std::move(reason);
    info.target = synthesized || !r.walk ? nullptr : r.walk->current();
    r.callbacks.on_response(info);
}

void OutboundRequests::release_if_done(OutboundId id) {
    auto it = requests_.find(id);
    if (it == requests_.end()) return;
    const Request& r = *it->second;
    if (r.finished && !r.txn_live && !r.cancel_live) requests_.erase(it);
}

CancelResult OutboundRequests::cancel(OutboundId id) {
    auto it = requests_.find(id);
    if (it == requests_.end()) return CancelResult::Unknown;
    Request& r = *it->second;
    if (!r.invite) return CancelResult::NotInvite;
    if (r.finished) return CancelResult::TooLate;
    if (!r.walk) {
        if (r.cancelled_early) return CancelResult::NotSentYet;
        r.cancelled_early = true;
        // Not from inside the TU's own call: the 487 arrives as every response does.
        services_.post([this, alive = alive_, id] {
            if (!*alive) return;
            auto found = requests_.find(id);
            if (found != requests_.end() && !found->second->finished) {
                finish_with_failure(*found->second);
            }
        });
        return CancelResult::NotSentYet;
    }
    switch (r.walk->cancel()) {
        case transport::CancelStep::SendNow:
            send_cancel(r);
            return CancelResult::Sent;
        case transport::CancelStep::WaitForProvisional:
            return CancelResult::WaitingProvisional;
        case transport::CancelStep::TooLate:
            return CancelResult::TooLate;
        case transport::CancelStep::NotInvite:
            return CancelResult::NotInvite;
        case transport::CancelStep::AlreadyCancelled:
            return r.cancel_txn ? CancelResult::Sent : CancelResult::WaitingProvisional;
    }
    return CancelResult::Unknown;
}

void OutboundRequests::send_cancel(Request& r) {
    auto invite = layer_.request(r.txn);
    if (!invite) return;
    // §9.1: the same Request-URI, Call-ID, To, From, CSeq number and top Via (branch) as
    // the INVITE, to the same destination, so it reaches the same server transaction.
    std::vector<Action> out;
    auto txn = layer_.send_request(transaction::make_cancel(*invite), r.destination, now(), out);
    if (!txn) {
        spdlog::warn("event=cancel_refused error={}", log_value(txn.error().description()));
        return;
    }
    r.cancel_txn = *txn;
    r.cancel_live = true;
    by_txn_[*txn] = r.id;
    run(out);
}

bool OutboundRequests::send_ack(OutboundId id, message::Message ack) {
    auto it = requests_.find(id);
    if (it == requests_.end() || !it->second->txn) return false;
    Request& r = *it->second;
    // §13.2.2.4: the ACK for a 2xx is a transaction of its own, with a branch of its own.
    const auto sent_by_here = sent_by(r.destination);
    if (!sent_by_here) return false;
    ack.push_via(transport::via_value(r.destination.transport, *sent_by_here, layer_.new_branch()));
    std::vector<Action> out;
    layer_.send_stateless(ack, r.destination, out);
    run(out);
    return true;
}

SendOptions OutboundRequests::send_options(ClientHandle txn) {
    SendOptions options;
    if (auto it = by_txn_.find(txn); it != by_txn_.end()) {
        if (auto r = requests_.find(it->second); r != requests_.end()) {
            const Request& req = *r->second;
            options.secure_only = req.locate.secure;
            const transport::ResolvedTarget* target = req.walk ? req.walk->current() : nullptr;
            if (target != nullptr && !target->host.empty()) {
                options.tls_server_name = target->host;
            } else if (!req.locate.numeric) {
                options.tls_server_name = req.locate.target;
            }
        }
    }
    options.on_failure = [this, alive = alive_, txn](const SendFailure& failure) {
        // Later, on the worker: the executor that sent may still be walking its actions.
        services_.post([this, alive, txn, reason = failure.reason] {
            if (!*alive) return;
            send_errors_[txn] = reason;
            std::vector<Action> out;
            layer_.on_transport_error(txn, now(), out);
            run(out);
        });
    };
    return options;
}

bool OutboundRequests::on_action(Action& action) {
    if (auto* d = std::get_if<transaction::DeliverResponse>(&action)) {
        auto it = by_txn_.find(d->txn);
        if (it == by_txn_.end()) return false;
        on_response(it->second, *d);
        return true;
    }
    if (auto* t = std::get_if<transaction::Timeout>(&action)) {
        const auto* client = std::get_if<ClientHandle>(&t->txn);
        auto it = client ? by_txn_.find(*client) : by_txn_.end();
        if (it == by_txn_.end()) return false;
        on_failure(it->second, *client, transport::AttemptFailure::Timeout);
        return true;
    }
    if (auto* f = std::get_if<transaction::TransportFailure>(&action)) {
        const auto* client = std::get_if<ClientHandle>(&f->txn);
        auto it = client ? by_txn_.find(*client) : by_txn_.end();
        if (it == by_txn_.end()) return false;
        on_failure(it->second, *client, transport::AttemptFailure::TransportError);
        return true;
    }
    if (auto* t = std::get_if<transaction::Terminated>(&action)) {
        const auto* client = std::get_if<ClientHandle>(&t->txn);
        auto it = client ? by_txn_.find(*client) : by_txn_.end();
        if (it == by_txn_.end()) return false;
        const OutboundId id = it->second;
        by_txn_.erase(it);
        send_errors_.erase(*client);
        if (auto r = requests_.find(id); r != requests_.end()) {
            if (r->second->txn == *client) r->second->txn_live = false;
            if (r->second->cancel_txn == *client) r->second->cancel_live = false;
            release_if_done(id);
        }
        return true;
    }
    if (auto* s = std::get_if<transaction::Stray>(&action)) {
        // A response no client transaction wants (RFC 6026 §8: discarded).
        if (!s->message.is_response()) return false;
        spdlog::debug("event=stray_response status={} peer={} port={}", s->message.status(),
                      s->source.ip, s->source.port);
        return true;
    }
    return false;
}

void OutboundRequests::on_response(OutboundId id, transaction::DeliverResponse& d) {
    auto it = requests_.find(id);
    if (it == requests_.end()) return;
    Request& r = *it->second;
    if (d.txn != r.txn || !r.walk) return;  // the CANCEL's own answer, or an old attempt's
    switch (r.walk->on_response(d.response.status())) {
        case transport::WalkVerdict::Deliver:
            deliver(r, d.response, false, {});
            if (r.walk->take_pending_cancel()) send_cancel(r);
            return;
        case transport::WalkVerdict::Retry:
            if (r.callbacks.on_failover) r.callbacks.on_failover(r.walk->attempts().back());
            return attempt(r);
        case transport::WalkVerdict::Fail:
            return finish_with_failure(r);
        case transport::WalkVerdict::Ignore:
            return;
    }
}

void OutboundRequests::on_failure(OutboundId id, ClientHandle txn,
                                  transport::AttemptFailure failure) {
    auto it = requests_.find(id);
    if (it == requests_.end()) return;
    Request& r = *it->second;
    if (txn != r.txn || !r.walk) return;  // a CANCEL that failed: the INVITE ends on its own
    std::string detail;
    if (auto e = send_errors_.find(txn); e != send_errors_.end()) detail = e->second;
    switch (r.walk->on_failure(failure, detail)) {
        case transport::WalkVerdict::Retry:
            if (r.callbacks.on_failover) r.callbacks.on_failover(r.walk->attempts().back());
            return attempt(r);
        case transport::WalkVerdict::Fail:
            return finish_with_failure(r);
        case transport::WalkVerdict::Deliver:
        case transport::WalkVerdict::Ignore:
            return;
    }
}

std::size_t OutboundRequests::in_flight() const {
    std::size_t n = 0;
    for (const auto& [id, r] : requests_)
        if (!r->finished) ++n;
    return n;
}

}  // namespace dialtone::runtime
