#include "dialtone/sip/dialog/user_agent.hpp"

#include <utility>

#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/transaction/make_cancel.hpp"
#include "sip/dialog/builders.hpp"
#include "sip/dialog/ua_core.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;

std::string_view op_status_name(OpStatus s) {
    switch (s) {
        case OpStatus::Ok:
            return "ok";
        case OpStatus::NoSuchCall:
            return "no such call";
        case OpStatus::WrongState:
            return "not possible in the call's state";
        case OpStatus::OfferPending:
            return "an offer/answer exchange is under way";
        case OpStatus::BadInput:
            return "bad input";
        case OpStatus::NotAcceptable:
            return "the offer is not acceptable";
    }
    return "?";
}

// ---------------------------------------------------------------- Impl helpers

UserAgent::Impl::Impl(UaConfig c) : config(std::move(c)), rng(config.seed) {
    if (config.credentials) {
        digest.emplace(*config.credentials,
                       config.cnonce ? config.cnonce : auth::random_cnonce_source());
    }
    supported = config.reliable_provisionals ? "100rel, timer" : "timer";
}

std::uint64_t UserAgent::Impl::random() {
    return config.random ? config.random() : rng();
}

std::string UserAgent::Impl::via_value() {
    std::string v = "SIP/2.0/";
    v += transport::via_token(config.transport);
    v += ' ';
    v += config.via_sent_by;
    v += ";branch=z9hG4bK";
    v += hex64(random());
    v += ";rport";
    return v;
}

Call* UserAgent::Impl::find(CallHandle h) {
    auto it = calls.find(h.value);
    return it == calls.end() ? nullptr : &it->second;
}

Call* UserAgent::Impl::find_dialog(const Message& m, bool from_remote) {
    auto from = m.from();
    auto to = m.to();
    if (!from.ok() || !to.ok()) return nullptr;
    DialogId id;
    id.call_id = std::string(m.call_id());
    id.local_tag = std::string(from_remote ? to->tag : from->tag);
    id.remote_tag = std::string(from_remote ? from->tag : to->tag);
    auto it = dialogs.find(id);
    return it == dialogs.end() ? nullptr : find(it->second);
}

void UserAgent::Impl::index_dialog(Call& c, const Dialog& d) {
    dialogs[d.id()] = c.handle;
}

void UserAgent::Impl::unindex(Call& c) {
    if (c.dialog) dialogs.erase(c.dialog->id());
    for (auto& [tag, d] : c.early)
        dialogs.erase(d.id());
}

void UserAgent::Impl::erase_call(std::uint64_t handle, std::vector<UaAction>& out) {
    Call* c = find(handle);
    if (!c) return;
    for (std::size_t k = 0; k < kTimerKinds; ++k)
        cancel_timer(*c, static_cast<TimerKind>(k), out);
    unindex(*c);
    calls.erase(handle);
}

void UserAgent::Impl::report_end(Call& c, EndReason reason, int status,
                                 std::vector<UaAction>& out) {
    if (c.ended_reported) return;
    c.ended_reported = true;
    out.push_back(Ended{CallHandle{c.handle}, reason, status});
}

void UserAgent::Impl::start_timer(Call& c, TimerKind kind, Duration d, Instant now,
                                  std::vector<UaAction>& out) {
    cancel_timer(c, kind, out);
    const std::uint64_t id = next_timer++;
    c.timers[static_cast<std::size_t>(kind)] = id;
    timer_owner[id] = {c.handle, kind};
    out.push_back(StartTimer{UaTimerId{id}, d, now + d});
}

void UserAgent::Impl::cancel_timer(Call& c, TimerKind kind, std::vector<UaAction>& out) {
    std::uint64_t& id = c.timers[static_cast<std::size_t>(kind)];
    if (id == 0) return;
    timer_owner.erase(id);
    out.push_back(CancelTimer{UaTimerId{id}});
    id = 0;
}

RequestToken UserAgent::Impl::submit(Call* c, PendingKind kind, Message request,
                                     std::string next_hop, std::vector<UaAction>& out,
                                     const Pending* from) {
    Pending p;
    if (from) p = *from;
    p.token = next_token++;
    p.call = c ? c->handle : 0;
    p.kind = kind;
    p.request = reparse(request);
    p.next_hop = std::move(next_hop);
    p.txn = {};
    out.push_back(SendRequest{p.token, p.request, p.next_hop});
    const RequestToken token = p.token;
    pending.emplace(token, std::move(p));
    return token;
}

void UserAgent::Impl::add_capabilities(Message& m, bool contact) {
    if (contact) m.add_header(HeaderId::Contact, "<" + config.contact + ">");
    m.add_header(HeaderId::Allow, kAllow);
    m.add_header(HeaderId::Supported, supported);
    if (!config.user_agent.empty()) {
        m.add_header(m.is_request() ? HeaderId::UserAgent : HeaderId::Server, config.user_agent);
    }
}

void UserAgent::Impl::respond(transaction::ServerHandle txn, Message response,
                              std::vector<UaAction>& out) {
    if (response.content_length() == 0 && !response.has(HeaderId::ContentLength)) {
        response.set_body({});
    }
    out.push_back(SendResponse{txn, reparse(response), false});
}

// ---------------------------------------------------------------- public API

UserAgent::UserAgent(UaConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
UserAgent::~UserAgent() = default;
UserAgent::UserAgent(UserAgent&&) noexcept = default;
UserAgent& UserAgent::operator=(UserAgent&&) noexcept = default;

const UaConfig& UserAgent::config() const {
    return impl_->config;
}

message::Result<CallHandle> UserAgent::invite(const CallOptions& options, Instant now,
                                              std::vector<UaAction>& out) {
    (void)now;
    Impl& u = *impl_;
    auto target = message::parse_uri(options.target, false);
    if (!target.ok()) return target.error();
    if (!target->is_sip()) {
        return message::ParseError{416, "target is not a sip or sips URI", false, "Request-URI"};
    }
    Call c;
    c.handle = u.next_call++;
    c.uac = true;
    c.owns_call_id = true;
    c.call_id = hex64(u.random()) + "@dialtone";
    c.local_tag = u.new_tag();
    c.caps = options.media;
    c.sdp_id = u.random() >> 12;  // fits the 63 bits some peers parse o= numbers into
    c.invite_cseq = 1;

    Message m = Message::request("INVITE", options.target);
    m.add_header(HeaderId::Via, u.via_value());
    m.add_header(HeaderId::MaxForwards, "70");
    if (!u.config.outbound_proxy.empty()) m.add_header(HeaderId::Route, u.config.outbound_proxy);
    std::string from;
    if (!u.config.display_name.empty()) from = "\"" + u.config.display_name + "\" ";
    from += "<" + u.config.aor + ">;tag=" + c.local_tag;
    m.add_header(HeaderId::From, from);
    m.add_header(HeaderId::To, "<" + options.target + ">");
    m.add_header(HeaderId::CallId, c.call_id);
    m.add_header(HeaderId::CSeq, std::to_string(c.invite_cseq) + " INVITE");
    u.add_capabilities(m, true);
    u.add_session_expires(c, m, true);
    if (!options.delayed_offer) {
        sdp::SessionDescription offer = sdp::make_offer(c.caps, {c.sdp_id, c.sdp_id});
        m.set_body(offer.to_string(), "application/sdp");
        c.offer_out = std::move(offer);
    } else {
        m.set_body({});
    }
    const std::string next_hop =
        u.config.outbound_proxy.empty() ? options.target : uri_of(u.config.outbound_proxy);
    const std::uint64_t handle = c.handle;
    auto [it, inserted] = u.calls.emplace(handle, std::move(c));
    it->second.invite_token =
        u.submit(&it->second, PendingKind::Invite, std::move(m), next_hop, out);
    return CallHandle{handle};
}

OpStatus UserAgent::ringing(CallHandle call, Instant now, std::vector<UaAction>& out, int status) {
    Impl& u = *impl_;
    Call* c = u.find(call);
    if (!c) return OpStatus::NoSuchCall;
    if (c->state != CallState::Incoming || !c->invite_request) return OpStatus::WrongState;
    if (status <= 100 || status >= 200) return OpStatus::BadInput;
    Message r = make_response(*c->invite_request, status, c->local_tag);
    copy_record_route(*c->invite_request, r);
    r.add_header(HeaderId::Contact, "<" + u.config.contact + ">");
    if (c->reliable_1xx && !c->pending_1xx) {
        // RFC 3262 §3: one reliable provisional at a time, each with the next RSeq.
        const std::uint32_t rseq = c->next_rseq++;
        r.add_header(HeaderId::Require, "100rel");
        r.add_header(HeaderId::RSeq, std::to_string(rseq));
        r.set_body({});
        PendingReliable1xx p;
        p.response = reparse(r);
        p.rseq = rseq;
        p.first_sent = now;
        p.interval = u.config.timers.t1;
        c->pending_1xx = std::move(p);
        u.start_timer(*c, TimerKind::Retransmit1xx, u.config.timers.t1, now, out);
    }
    u.respond(c->invite_txn, std::move(r), out);
    return OpStatus::Ok;
}

OpStatus UserAgent::answer(CallHandle call, const sdp::MediaCapabilities& media, Instant now,
                           std::vector<UaAction>& out) {
    Impl& u = *impl_;
    Call* c = u.find(call);
    if (!c) return OpStatus::NoSuchCall;
    if (c->state != CallState::Incoming || !c->invite_request) return OpStatus::WrongState;
    c->caps = media;
    Message r = make_response(*c->invite_request, 200, c->local_tag);
    copy_record_route(*c->invite_request, r);
    u.add_capabilities(r, true);
    if (c->offer_in) {
        auto answer =
            sdp::make_answer(*c->offer_in, c->caps, {c->sdp_id, c->sdp_id, nullptr, false});
        if (!answer.ok()) {
            Message refusal =
                make_response(*c->invite_request, answer.error().status, c->local_tag);
            if (answer.error().warning != 0) {
                refusal.add_header(HeaderId::Warning,
                                   std::to_string(answer.error().warning) + " dialtone \"" +
                                       std::string(answer.error().warning_text()) + "\"");
            }
            u.respond(c->invite_txn, std::move(refusal), out);
            u.report_end(*c, EndReason::Rejected, answer.error().status, out);
            u.erase_call(c->handle, out);
            return OpStatus::NotAcceptable;
        }
        c->remote_sdp = std::move(*c->offer_in);
        c->offer_in.reset();
        c->local_sdp = answer->sdp;
        c->session = std::move(answer->negotiated);
        r.set_body(c->local_sdp->to_string(), "application/sdp");
    } else {
        sdp::SessionDescription offer = sdp::make_offer(c->caps, {c->sdp_id, c->sdp_id});
        r.set_body(offer.to_string(), "application/sdp");
        c->offer_out = std::move(offer);
        c->offer_out_in_2xx = true;
    }
    std::optional<SessionTimer> timer;
    if (c->uas_timer && c->uas_timer->timer) {
        r.add_header(HeaderId::SessionExpires, c->uas_timer->session_expires);
        if (c->uas_timer->require_timer) r.add_header(HeaderId::Require, "timer");
        timer = c->uas_timer->timer;
    }
    if (c->pending_1xx) {
        c->pending_1xx.reset();
        u.cancel_timer(*c, TimerKind::Retransmit1xx, out);
    }
    if (c->dialog) c->dialog->confirm();
    c->state = CallState::Answering;
    u.send_2xx(*c, c->invite_txn, std::move(r), true, now, out);
    u.arm_session_timer(*c, timer, now, out);
    return OpStatus::Ok;
}

OpStatus UserAgent::reject(CallHandle call, int status, Instant now, std::vector<UaAction>& out) {
    (void)now;
    Impl& u = *impl_;
    Call* c = u.find(call);
    if (!c) return OpStatus::NoSuchCall;
    if (c->state != CallState::Incoming || !c->invite_request) return OpStatus::WrongState;
    if (status < 300 || status > 699) return OpStatus::BadInput;
    u.respond(c->invite_txn, make_response(*c->invite_request, status, c->local_tag), out);
    u.report_end(*c, EndReason::LocalHangup, status, out);
    u.erase_call(c->handle, out);
    return OpStatus::Ok;
}

OpStatus UserAgent::hangup(CallHandle call, Instant now, std::vector<UaAction>& out) {
    Impl& u = *impl_;
    Call* c = u.find(call);
    if (!c) return OpStatus::NoSuchCall;
    switch (c->state) {
        case CallState::Calling:
        case CallState::Early: {
            c->cancel_wanted = true;
            c->state = CallState::Terminating;
            u.report_end(*c, EndReason::LocalHangup, 0, out);
            // §9.1: a CANCEL only once a provisional response came; until then it waits.
            if (c->provisional_seen) {
                auto it = u.pending.find(c->invite_token);
                if (it != u.pending.end()) {
                    c->cancel_sent = true;
                    Message cancel = transaction::make_cancel(it->second.request);
                    u.submit(c, PendingKind::Cancel, std::move(cancel), it->second.next_hop, out);
                }
            }
            return OpStatus::Ok;
        }
        case CallState::Incoming:
            return reject(call, 603, now, out);
        case CallState::Answering:
            // §15: the callee sends BYE only once the ACK came (or never came).
            c->bye_after_ack = true;
            c->state = CallState::Terminating;
            u.report_end(*c, EndReason::LocalHangup, 0, out);
            return OpStatus::Ok;
        case CallState::Confirmed:
            u.send_bye(*c, out);
            u.report_end(*c, EndReason::LocalHangup, 0, out);
            return OpStatus::Ok;
        case CallState::Terminating:
            return OpStatus::WrongState;
    }
    return OpStatus::WrongState;
}

OpStatus UserAgent::hold(CallHandle call, Instant now, std::vector<UaAction>& out) {
    Call* c = impl_->find(call);
    if (!c) return OpStatus::NoSuchCall;
    return impl_->modify(*c, true, false, now, out);
}

OpStatus UserAgent::resume(CallHandle call, Instant now, std::vector<UaAction>& out) {
    Call* c = impl_->find(call);
    if (!c) return OpStatus::NoSuchCall;
    return impl_->modify(*c, false, false, now, out);
}

OpStatus UserAgent::send_dtmf_info(CallHandle call, char digit, std::uint32_t duration_ms,
                                   Instant now, std::vector<UaAction>& out) {
    (void)now;
    Impl& u = *impl_;
    Call* c = u.find(call);
    if (!c) return OpStatus::NoSuchCall;
    if (c->state != CallState::Confirmed || !c->dialog) return OpStatus::WrongState;
    const bool valid = (digit >= '0' && digit <= '9') || digit == '*' || digit == '#' ||
                       (digit >= 'A' && digit <= 'D');
    if (!valid) return OpStatus::BadInput;
    DialogRequest r = u.in_dialog(*c, "INFO", false);
    std::string body = "Signal=";
    body += digit;
    body += "\r\nDuration=" + std::to_string(duration_ms) + "\r\n";
    r.request.set_body(body, "application/dtmf-relay");
    u.submit(c, PendingKind::Info, std::move(r.request), std::move(r.next_hop), out);
    return OpStatus::Ok;
}

// ---------------------------------------------------------------- runtime inputs

void UserAgent::on_request_started(RequestToken token, transaction::ClientHandle txn) {
    auto it = impl_->pending.find(token);
    if (it == impl_->pending.end()) return;
    it->second.txn = txn;
    impl_->by_txn[txn] = token;
}

void UserAgent::on_request_failed(RequestToken token, Instant now, std::vector<UaAction>& out) {
    auto it = impl_->pending.find(token);
    if (it == impl_->pending.end()) return;
    // §8.1.3.1: a request that cannot be sent is treated as a 503.
    impl_->on_response(it->second, nullptr, 503, now, out);
    if (it = impl_->pending.find(token); it != impl_->pending.end()) {
        if (it->second.txn) impl_->by_txn.erase(it->second.txn);
        impl_->pending.erase(it);
    }
}

void UserAgent::on_request(const transaction::DeliverRequest& d, Instant now,
                           std::vector<UaAction>& out) {
    impl_->on_request(d, now, out);
}

void UserAgent::on_response(const transaction::DeliverResponse& d, Instant now,
                            std::vector<UaAction>& out) {
    auto bt = impl_->by_txn.find(d.txn);
    if (bt == impl_->by_txn.end()) return;
    const RequestToken token = bt->second;
    auto it = impl_->pending.find(token);
    if (it == impl_->pending.end()) return;
    const int status = d.response.status();
    const bool invite =
        it->second.kind == PendingKind::Invite || it->second.kind == PendingKind::ReInvite;
    impl_->on_response(it->second, &d.response, status, now, out);
    // An INVITE client transaction passes every 2xx up until it ends (RFC 6026 §7.2): keep
    // the request until on_terminated, to ACK retransmissions and late forks.
    if (status >= 200 && !(invite && status < 300)) {
        impl_->by_txn.erase(d.txn);
        impl_->pending.erase(token);
    }
}

void UserAgent::on_stray(const transaction::Stray& s, Instant now, std::vector<UaAction>& out) {
    const Message& m = s.message;
    if (m.is_request()) {
        if (m.method() == message::Method::Ack) impl_->on_ack(m, now, out);
        return;
    }
    // A 2xx retransmission after the INVITE client transaction ended: ACK it again.
    auto cseq = m.cseq();
    if (m.status() < 200 || m.status() >= 300 || !cseq.ok() ||
        cseq->method != message::Method::Invite) {
        return;
    }
    Call* c = impl_->find_dialog(m, false);
    if (c && c->ack) {
        auto ack_cseq = c->ack->cseq();
        if (ack_cseq.ok() && ack_cseq->number == cseq->number) {
            out.push_back(SendAck{*c->ack, c->ack_next_hop});
        }
    }
}

void UserAgent::on_timeout(const transaction::Timeout& t, Instant now, std::vector<UaAction>& out) {
    const auto* h = std::get_if<transaction::ClientHandle>(&t.txn);
    if (!h) return;  // Timer H: the ACK for a non-2xx final never came; nothing to undo
    auto bt = impl_->by_txn.find(*h);
    if (bt == impl_->by_txn.end()) return;
    const RequestToken token = bt->second;
    auto it = impl_->pending.find(token);
    if (it != impl_->pending.end()) impl_->on_response(it->second, nullptr, 408, now, out);
    impl_->by_txn.erase(*h);
    impl_->pending.erase(token);
}

void UserAgent::on_transport_failure(const transaction::TransportFailure& f, Instant now,
                                     std::vector<UaAction>& out) {
    const auto* h = std::get_if<transaction::ClientHandle>(&f.txn);
    if (!h) return;
    auto bt = impl_->by_txn.find(*h);
    if (bt == impl_->by_txn.end()) return;
    const RequestToken token = bt->second;
    auto it = impl_->pending.find(token);
    if (it != impl_->pending.end()) impl_->on_response(it->second, nullptr, 503, now, out);
    impl_->by_txn.erase(*h);
    impl_->pending.erase(token);
}

void UserAgent::on_terminated(const transaction::Terminated& t) {
    const auto* h = std::get_if<transaction::ClientHandle>(&t.txn);
    if (!h) return;
    auto bt = impl_->by_txn.find(*h);
    if (bt == impl_->by_txn.end()) return;
    impl_->pending.erase(bt->second);
    impl_->by_txn.erase(bt);
}

void UserAgent::on_timer(UaTimerId id, Instant now, std::vector<UaAction>& out) {
    Impl& u = *impl_;
    auto it = u.timer_owner.find(id.value);
    if (it == u.timer_owner.end()) return;
    const auto [handle, kind] = it->second;
    u.timer_owner.erase(it);
    Call* c = u.find(handle);
    if (!c || c->timers[static_cast<std::size_t>(kind)] != id.value) return;
    c->timers[static_cast<std::size_t>(kind)] = 0;
    switch (kind) {
        case TimerKind::Retransmit2xx:
            u.retransmit_2xx(*c, now, out);
            break;
        case TimerKind::Retransmit1xx:
            u.retransmit_1xx(*c, now, out);
            break;
        case TimerKind::Glare: {
            const bool hold = c->glare_hold.value_or(c->hold);
            const bool refresh = c->glare_refresh;
            c->glare_hold.reset();
            c->glare_refresh = false;
            if (u.modify(*c, hold, refresh, now, out) == OpStatus::OfferPending) {
                // The peer's own exchange is still running: try again after another back-off.
                c->glare_hold = hold;
                c->glare_refresh = refresh;
                u.start_timer(*c, TimerKind::Glare, glare_backoff(c->owns_call_id, u.random()), now,
                              out);
            }
            break;
        }
        case TimerKind::Refresh:
            if (u.modify(*c, c->hold, true, now, out) != OpStatus::Ok &&
                c->state == CallState::Confirmed) {
                u.start_timer(*c, TimerKind::Refresh, Duration(1000), now, out);
            }
            break;
        case TimerKind::Expiry:
            // RFC 4028 §10: no refresh came; the session is over.
            if (c->state == CallState::Confirmed) {
                u.send_bye(*c, out);
                u.report_end(*c, EndReason::SessionExpired, 0, out);
            }
            break;
    }
}

// ---------------------------------------------------------------- inspection

std::size_t UserAgent::call_count() const {
    return impl_->calls.size();
}

std::optional<CallInfo> UserAgent::call_info(CallHandle call) const {
    const Call* c = impl_->find(call);
    if (!c) return std::nullopt;
    CallInfo info;
    info.state = c->state;
    info.outgoing = c->uac;
    if (c->dialog) info.dialog = c->dialog->id();
    info.session = c->session;
    info.local_hold = c->hold;
    info.session_timer = c->session_timer;
    return info;
}

const Dialog* UserAgent::dialog(CallHandle call) const {
    const Call* c = impl_->find(call);
    return c && c->dialog ? &*c->dialog : nullptr;
}

std::optional<transport::Endpoint> literal_destination(std::string_view uri,
                                                       transport::Transport fallback) {
    auto u = message::parse_uri(uri);
    if (!u.ok() || !u->is_sip()) return std::nullopt;
    if (u->host.kind != message::HostKind::Ipv4 && u->host.kind != message::HostKind::Ipv6) {
        return std::nullopt;
    }
    transport::Endpoint e;
    e.transport = fallback;
    if (u->has_param("transport")) {
        auto t = transport::transport_from_token(u->param("transport"));
        if (t) e.transport = *t;
    } else if (u->scheme == message::UriScheme::Sips) {
        e.transport = transport::Transport::Tls;
    }
    e.ip = std::string(u->host.address());
    e.port = u->has_port ? u->port
                         : (u->scheme == message::UriScheme::Sips ? std::uint16_t{5061}
                                                                  : std::uint16_t{5060});
    return e;
}

}  // namespace dialtone::dialog
