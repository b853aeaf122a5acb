#include "server/proxy/proxy.hpp"

#include <stdexcept>
#include <utility>

#include "server/make_response.hpp"
#include "server/proxy/forward_request.hpp"
#include "server/proxy/loop_detection.hpp"
#include "server/proxy/own_address.hpp"
#include "server/proxy/route_preprocess.hpp"
#include "server/stateless_tag.hpp"
#include "server/via_stamp.hpp"

namespace dialtone::server::proxy {

using message::HeaderId;
using message::Message;
using message::Method;
using transaction::Instant;
using transaction::ServerHandle;

namespace {

DialPlan compile_or_throw(const std::vector<DialRule>& rules) {
    std::string error;
    auto plan = DialPlan::compile(rules, error);
    if (!plan) throw std::invalid_argument("dial plan: " + error);
    return std::move(*plan);
}

}  // namespace

Proxy::Proxy(ProxyConfig config, const store::LocationService* location,
             const auth::CredentialLookup* users, auth::DigestServer* digest, std::uint64_t seed)
    : config_(std::move(config)),
      plan_(compile_or_throw(config_.dial_plan)),
      resolver_(config_, plan_, location, users),
      digest_(digest),
      seed_(finalize_hash(seed ^ 0x70726f7879ULL)) {}

// --- shared admission ---

Message Proxy::respond(const Message& request, int status, std::string_view reason) const {
    return make_response(request, status, reason, stateless_tag(echo_of(request), config_.secret));
}

Message Proxy::refuse(const Message& request, const Refusal& refusal) const {
    Message r = respond(request, refusal.status, refusal.reason);
    if (refusal.status == 420) {
        std::string list;
        for (const std::string& t : refusal.unsupported) {
            if (!list.empty()) list += ", ";
            list += t;
        }
        r.add_header(HeaderId::Unsupported, list);
    }
    return r;
}

bool Proxy::trusted_source(const IncomingRequest& in) const {
    if (in.trusted) return true;
    for (const std::string& peer : config_.trusted_peers)
        if (same_ip(peer, in.source.ip)) return true;
    return false;
}

std::optional<Message> Proxy::authenticate(const Message& request, std::int64_t wall_ms,
                                           bool& authenticated) {
    authenticated = false;
    if (!config_.authenticate || digest_ == nullptr) return std::nullopt;
    // ACK and CANCEL cannot be challenged (§22.1); requests inside a dialog were admitted
    // with the request that created it.
    if (request.method() == Method::Ack || request.method() == Method::Cancel) return std::nullopt;
    auto to = request.to();
    if (to && to->has_tag) return std::nullopt;
    auto from = request.from();
    if (!from || !from->uri.is_sip() || !is_our_domain(config_, from->uri.host.text))
        return std::nullopt;
    // §22.3: a From claiming one of our users must be proven with that user's password.
    const std::string realm = lower(from->uri.host.address());
    const auth::Instant now{std::chrono::milliseconds(wall_ms)};
    auth::Verdict v = digest_->verify(request, auth::AuthKind::Proxy, realm, now);
    if (!v.ok()) {
        const int status = auth::response_status(v.outcome, auth::AuthKind::Proxy);
        Message r = respond(request, status);
        if (status == 407) {
            digest_->add_challenges(r, auth::AuthKind::Proxy, realm, now,
                                    auth::challenge_is_stale(v.outcome));
        }
        return r;
    }
    if (v.username != message::unescape(from->uri.user))
        return respond(request, 403, "Forbidden (From is not the authenticated user)");
    authenticated = true;
    return std::nullopt;
}

Proxy::Admission Proxy::admit(const IncomingRequest& in, std::int64_t wall_ms,
                              bool authenticate_caller) {
    const Message& req = *in.request;
    Admission a;
    if (auto r = check_request(req, config_)) {
        a.refusal = refuse(req, *r);
        return a;
    }
    Message base = req;
    a.own_route_removed = preprocess_routes(base, config_).own_route_removed;
    if (detect_loop(base, config_) == LoopVerdict::Loop) {
        a.refusal = respond(req, 482);
        return a;
    }
    a.trusted = trusted_source(in);
    if (!a.trusted && authenticate_caller) {
        bool authenticated = false;
        if (auto r = authenticate(req, wall_ms, authenticated)) {
            a.refusal = std::move(*r);
            return a;
        }
        a.trusted = authenticated;
    }
    a.base.emplace(std::move(base));
    return a;
}

// --- stateful proxying ---

void Proxy::on_request(const IncomingRequest& in, Instant now, std::int64_t wall_ms,
                       std::vector<Action>& out) {
    const Message& req = *in.request;
    Admission a = admit(in, wall_ms, true);
    if (a.refusal) {
        out.push_back(SendResponse{in.server, std::move(*a.refusal)});
        return;
    }
    TargetDecision d = resolver_.resolve({*a.base, a.own_route_removed, a.trusted, wall_ms / 1000});
    if (d.kind == TargetDecision::Kind::Refuse) {
        out.push_back(SendResponse{in.server, refuse(req, d.refusal)});
        return;
    }
    if (d.kind == TargetDecision::Kind::Redirect) {
        out.push_back(SendResponse{
            in.server,
            redirect_response(req, d.targets, stateless_tag(echo_of(req), config_.secret))});
        return;
    }
    // A stateless rule reached through a server transaction (its request was not offered to
    // on_stateless_request) is proxied statefully: the transaction exists already.
    auto [it, inserted] = contexts_.try_emplace(in.server, std::move(*a.base));
    if (!inserted) return;  // the layer hands each request over once
    Context& ctx = it->second;
    ctx.server = in.server;
    ctx.original = in.request;
    ctx.inbound = in.local;
    ctx.invite = req.method() == Method::Invite;
    ctx.loop = loop_hash(ctx.base, top_via_text(ctx.base), config_.secret);
    for (Target& t : d.targets) {
        Branch b;
        b.id = next_branch_++;
        b.target = std::move(t);
        branch_owner_[b.id] = in.server;
        ctx.branches.push_back(std::move(b));
    }
    // §16.7 / §16.2: an INVITE is answered 100 Trying at once, so the caller stops
    // retransmitting while the branches ring.
    if (ctx.invite) out.push_back(SendResponse{in.server, make_response(req, 100)});
    start_group(ctx, now, out);
}

void Proxy::start_group(Context& ctx, Instant now, std::vector<Action>& out) {
    std::size_t last_group = 0;
    for (const Branch& b : ctx.branches)
        last_group = std::max(last_group, b.target.group);
    const bool more = ctx.group < last_group;
    for (Branch& b : ctx.branches)
        if (b.target.group == ctx.group && b.state == BranchState::Waiting)
            start_branch(ctx, b, more, now, out);
}

void Proxy::start_branch(Context& ctx, Branch& b, bool more_groups, Instant now,
                         std::vector<Action>& out) {
    Forward f = build_forward(ctx.base, b.target, ctx.inbound, config_.record_route);
    f.server = ctx.server;
    f.branch = b.id;
    f.branch_param = make_branch(finalize_hash(seed_ + b.id * 0x9e3779b97f4a7c15ULL), ctx.loop);
    out.push_back(std::move(f));
    b.state = BranchState::Calling;
    if (ctx.invite) {
        // §16.6 step 11: Timer C, so a branch that rings forever ends.
        TimerId id{b.id, TimerKind::C, ++b.timer_c_seq};
        out.push_back(StartTimer{id, config_.timer_c, now + config_.timer_c});
    }
    if (more_groups) {
        TimerId id{b.id, TimerKind::NoAnswer, ++b.no_answer_seq};
        out.push_back(StartTimer{id, config_.sequential_timeout, now + config_.sequential_timeout});
    }
}

Proxy::Branch* Proxy::find_branch(BranchId id, Context*& ctx) {
    auto owner = branch_owner_.find(id);
    if (owner == branch_owner_.end()) return nullptr;
    auto it = contexts_.find(owner->second);
    if (it == contexts_.end()) return nullptr;
    ctx = &it->second;
    for (Branch& b : ctx->branches)
        if (b.id == id) return &b;
    return nullptr;
}

void Proxy::finish_branch(Context& ctx, Branch& b, std::vector<Action>& out) {
    if (b.state == BranchState::Calling || b.state == BranchState::Proceeding) {
        if (ctx.invite) out.push_back(CancelTimer{TimerId{b.id, TimerKind::C, b.timer_c_seq}});
        if (b.no_answer_seq != 0)
            out.push_back(CancelTimer{TimerId{b.id, TimerKind::NoAnswer, b.no_answer_seq}});
    }
    b.state = BranchState::Done;
}

void Proxy::give_up_branch(Context& ctx, Branch& b, int status, std::vector<Action>& out) {
    // §16.8: with a provisional response the branch may be cancelled; without one a CANCEL
    // must not be sent (§9.1), and the branch counts as 408 all the same.
    if (b.state == BranchState::Proceeding && !b.cancel_sent) {
        out.push_back(CancelBranch{b.id});
        b.cancel_sent = true;
    }
    finish_branch(ctx, b, out);
    ctx.finals.push_back(BranchFinal{status, std::nullopt});
}

void Proxy::cancel_pending(Context& ctx, BranchId except, std::vector<Action>& out) {
    for (Branch& b : ctx.branches) {
        if (b.id == except) continue;
        if (b.state == BranchState::Proceeding && !b.cancel_sent) {
            out.push_back(CancelBranch{b.id});
            b.cancel_sent = true;
        } else if (b.state == BranchState::Calling) {
            b.cancel_wanted = true;
        }
    }
}

void Proxy::on_response(BranchId id, Message response, Instant now, std::vector<Action>& out) {
    Context* ctx = nullptr;
    Branch* b = find_branch(id, ctx);
    const int status = response.status();
    if (b == nullptr) {
        // The context has ended; a 2xx (a retransmission, or another fork's answer) still
        // goes upstream (§16.7 step 5, RFC 6026).
        if (status >= 200 && status < 300) on_stray_response(std::move(response), out);
        return;
    }
    // §16.7 step 3: our Via goes.
    response.pop_via();
    if (!response.has(HeaderId::Via)) return;
    if (status < 200) {
        if (b->state == BranchState::Done) return;
        b->state = BranchState::Proceeding;
        if (ctx->invite) {
            // §16.7 step 2: a provisional response restarts Timer C.
            TimerId old{b->id, TimerKind::C, b->timer_c_seq};
            out.push_back(CancelTimer{old});
            TimerId fresh{b->id, TimerKind::C, ++b->timer_c_seq};
            out.push_back(StartTimer{fresh, config_.timer_c, now + config_.timer_c});
        }
        if (b->cancel_wanted && !b->cancel_sent) {
            out.push_back(CancelBranch{b->id});
            b->cancel_sent = true;
        }
        // §16.7 step 5: 100 is hop by hop; other provisionals go up until a final did.
        if (status == 100 || ctx->final_sent || ctx->cancelled) return;
        out.push_back(SendResponse{ctx->server, std::move(response)});
        return;
    }
    const ServerHandle server = ctx->server;
    if (status < 300) {
        if (b->state != BranchState::Done) finish_branch(*ctx, *b, out);
        // Every 2xx of an INVITE goes up at once (forking); a non-INVITE has one final.
        if (ctx->invite || !ctx->final_sent) {
            out.push_back(SendResponse{server, std::move(response)});
        }
        if (!ctx->final_sent) {
            ctx->final_sent = true;
            ctx->stop_forking = true;
            // §16.7 step 10: the other branches are no longer wanted.
            if (ctx->invite) cancel_pending(*ctx, id, out);
        }
        advance(server, now, out);
        return;
    }
    if (b->state == BranchState::Done) return;
    finish_branch(*ctx, *b, out);
    ctx->finals.push_back(BranchFinal{status, std::move(response)});
    if (status >= 600 && ctx->invite) {
        // §16.7 step 6: a 6xx ends the search; the rest are cancelled.
        ctx->stop_forking = true;
        cancel_pending(*ctx, id, out);
    }
    advance(server, now, out);
}

void Proxy::advance(ServerHandle server, Instant now, std::vector<Action>& out) {
    auto it = contexts_.find(server);
    if (it == contexts_.end()) return;
    Context& ctx = it->second;
    bool pending = false;
    bool waiting = false;
    for (const Branch& b : ctx.branches) {
        if (b.state == BranchState::Calling || b.state == BranchState::Proceeding) pending = true;
        if (b.state == BranchState::Waiting) waiting = true;
    }
    if (pending) return;
    if (!ctx.final_sent) {
        if (waiting && !ctx.stop_forking && !ctx.cancelled) {
            // Sequential forking: the next group.
            ++ctx.group;
            start_group(ctx, now, out);
            return advance(server, now, out);
        }
        // §16.10: a cancelled request ends 487 whatever the branches said (a 2xx would
        // have been forwarded already).
        Message final = ctx.cancelled
                            ? respond(*ctx.original, 487)
                            : best_response(ctx.finals, *ctx.original,
                                            stateless_tag(echo_of(*ctx.original), config_.secret));
        out.push_back(SendResponse{server, std::move(final)});
        ctx.final_sent = true;
    }
    erase(ctx);
}

void Proxy::erase(Context& ctx) {
    for (const Branch& b : ctx.branches)
        branch_owner_.erase(b.id);
    contexts_.erase(ctx.server);
}

void Proxy::on_branch_failure(BranchId id, BranchFailure failure, Instant now,
                              std::vector<Action>& out) {
    Context* ctx = nullptr;
    Branch* b = find_branch(id, ctx);
    if (b == nullptr || b->state == BranchState::Done) return;
    finish_branch(*ctx, *b, out);
    ctx->finals.push_back(BranchFinal{failure == BranchFailure::Timeout ? 408 : 503, std::nullopt});
    advance(ctx->server, now, out);
}

void Proxy::on_timer(const TimerId& timer, Instant now, std::vector<Action>& out) {
    Context* ctx = nullptr;
    Branch* b = find_branch(timer.branch, ctx);
    if (b == nullptr || b->state == BranchState::Done) return;
    const std::uint32_t current = timer.kind == TimerKind::C ? b->timer_c_seq : b->no_answer_seq;
    if (timer.seq != current) return;  // restarted or cancelled since
    give_up_branch(*ctx, *b, 408, out);
    advance(ctx->server, now, out);
}

void Proxy::on_cancel(ServerHandle cancel_txn, const Message& cancel, ServerHandle invite,
                      Instant now, std::vector<Action>& out) {
    // §16.10: CANCEL is hop by hop: 200 when it matched a transaction of ours, else 481.
    out.push_back(SendResponse{cancel_txn, respond(cancel, invite ? 200 : 481)});
    if (!invite) return;
    auto it = contexts_.find(invite);
    if (it == contexts_.end() || it->second.final_sent) return;
    it->second.cancelled = true;
    cancel_pending(it->second, 0, out);
    advance(invite, now, out);
}

// --- stateless paths ---

void Proxy::on_stray_response(Message response, std::vector<Action>& out) {
    auto via = response.top_via();
    if (!via || !is_our_interface(config_, via->host.text, via->has_port ? via->port : 0)) return;
    response.pop_via();
    if (!response.has(HeaderId::Via)) return;
    out.push_back(SendStatelessResponse{std::move(response)});
}

void Proxy::forward_stateless(const Admission& a, const IncomingRequest& in, const Target& target,
                              std::vector<Action>& out) {
    // §16.11: no record of the request is kept, so the branch must come out the same for a
    // retransmission: it is computed from the received top Via (which a retransmission, the
    // CANCEL and the ACK of a non-2xx share, §9.1, §17.1.1.3), the target and the loop hash,
    // keyed by the configured secret so every worker and every peer of a cluster agrees.
    const Message& base = *a.base;
    const std::string_view top = top_via_text(base);
    std::uint64_t h = kFieldHashStart ^ finalize_hash(config_.secret);
    if (auto via = message::parse_via(top)) {
        h = mix_field(h, via->branch);
        h = mix_field(h, lower(via->host.text));
        h = mix_field(h, via->has_port ? std::to_string(via->port) : std::string());
    } else {
        h = mix_field(h, top);
    }
    h = mix_field(h, target.uri);
    Forward f = build_forward(base, target, in.local, config_.record_route);
    f.branch_param = make_branch(finalize_hash(h), loop_hash(base, top, config_.secret));
    out.push_back(std::move(f));
}

bool Proxy::on_stateless_request(const IncomingRequest& in, Instant, std::int64_t wall_ms,
                                 std::vector<Action>& out) {
    const Message& req = *in.request;
    if (!plan_.has_stateless_rule() || req.method() == Method::Ack) return false;
    auto ruri = req.request_uri();
    if (!ruri) return false;
    const bool tel = ruri->scheme == message::UriScheme::Tel;
    const bool ours = ruri->is_sip() && (config_.any_domain || names_our_domain(config_, *ruri));
    const std::string user = tel ? std::string(ruri->opaque) : message::unescape(ruri->user);
    auto m = plan_.match(user, ours, tel);
    if (!m || m->rule->mode != RouteMode::Stateless) return false;
    // A stateless element keeps no nonce state and cannot challenge: stateless rules serve
    // trusted peers (a load-balancer's clients), which admit() recognises by address.
    Admission a = admit(in, wall_ms, false);
    if (a.refusal) {
        out.push_back(SendStatelessResponse{std::move(*a.refusal)});
        return true;
    }
    TargetDecision d = resolver_.resolve({*a.base, a.own_route_removed, a.trusted, wall_ms / 1000});
    if (d.kind == TargetDecision::Kind::Refuse) {
        out.push_back(SendStatelessResponse{refuse(req, d.refusal)});
        return true;
    }
    if (d.kind != TargetDecision::Kind::Forward || !d.stateless || d.targets.empty()) return false;
    // Always the first target: a retransmission must take the same path (§16.11).
    forward_stateless(a, in, d.targets.front(), out);
    return true;
}

void Proxy::on_ack(const IncomingRequest& in, Instant, std::int64_t wall_ms,
                   std::vector<Action>& out) {
    if (in.request->method() != Method::Ack) return;
    Admission a = admit(in, wall_ms, false);
    if (a.refusal) return;  // an ACK is never answered (§17.2.1)
    // An ACK for a 2xx follows the route set of the dialog (it cannot be challenged: our
    // Route and its To tag are what let it through, as for any in-dialog request).
    TargetDecision d = resolver_.resolve({*a.base, a.own_route_removed, a.trusted, wall_ms / 1000});
    if (d.kind != TargetDecision::Kind::Forward || d.targets.empty()) return;
    forward_stateless(a, in, d.targets.front(), out);
}

}  // namespace dialtone::server::proxy
