// Requests the UserAgent receives: RFC 3261 §8.2 (UAS core), §12.2.2 (requests in a dialog),
// §13.3 (UAS processing of INVITE), §14.2 (re-INVITE), §15.1.2 (BYE), §9.2 (CANCEL),
// RFC 3311 (UPDATE), RFC 3262 (PRACK), RFC 4028 §9 (session timers as UAS).

#include <algorithm>
#include <string>

#include "dialtone/sip/message/content_type.hpp"
#include "dialtone/sip/message/rack.hpp"
#include "sip/dialog/builders.hpp"
#include "sip/dialog/ua_core.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;
using message::Method;

namespace {

std::string warning_for(const sdp::Error& e) {
    return std::to_string(e.warning) + " dialtone \"" + std::string(e.warning_text()) + "\"";
}

// The digit of an INFO body: "Signal=5\r\nDuration=160" (application/dtmf-relay) or "5"
// (application/dtmf). 0 when there is none.
char info_digit(const Message& m, std::uint32_t& duration) {
    std::string_view body = m.body();
    auto ct = message::parse_content_type(m.header(HeaderId::ContentType));
    auto valid = [](char d) {
        return (d >= '0' && d <= '9') || d == '*' || d == '#' || (d >= 'A' && d <= 'D') ||
               (d >= 'a' && d <= 'd');
    };
    auto upper = [](char d) { return d >= 'a' && d <= 'd' ? static_cast<char>(d - 'a' + 'A') : d; };
    if (ct.ok() && ct->is("application", "dtmf")) {
        body = message::trim_lws(body);
        return body.size() == 1 && valid(body[0]) ? upper(body[0]) : 0;
    }
    char digit = 0;
    while (!body.empty()) {
        std::size_t eol = body.find('\n');
        std::string_view line = message::trim_lws(body.substr(0, eol));
        body = eol == std::string_view::npos ? std::string_view{} : body.substr(eol + 1);
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view name = message::trim_lws(line.substr(0, eq));
        std::string_view value = message::trim_lws(line.substr(eq + 1));
        auto iequal = [](std::string_view a, std::string_view b) {
            return a.size() == b.size() &&
                   std::equal(a.begin(), a.end(), b.begin(),
                              [](char x, char y) { return (x | 0x20) == (y | 0x20); });
        };
        if (iequal(name, "Signal") && value.size() == 1 && valid(value[0])) {
            digit = upper(value[0]);
        } else if (iequal(name, "Duration")) {
            auto d = message::parse_uint(value, 0xffffffffU);
            if (d.ok()) duration = *d;
        }
    }
    return digit;
}

}  // namespace

void UserAgent::Impl::on_request(const transaction::DeliverRequest& d, Instant now,
                                 std::vector<UaAction>& out) {
    const Message& req = *d.request;
    if (req.method() == Method::Ack) {
        on_ack(req, now, out);
        return;
    }
    if (auto refusal = uas_precheck(req, supported)) {
        respond(d.txn, std::move(*refusal), out);
        return;
    }
    if (req.method() == Method::Cancel) {
        on_cancel(d, now, out);
        return;
    }
    auto to = req.to();
    if (!to.ok() || !req.from().ok() || !req.cseq().ok() || req.call_id().empty()) {
        respond(d.txn, make_response(req, 400, {}, "Bad Request (From, To, CSeq or Call-ID)"), out);
        return;
    }
    if (to->has_tag) {
        Call* c = find_dialog(req, true);
        if (!c) {
            // §12.2.2: a request for a dialog we do not know.
            respond(d.txn, make_response(req, 481), out);
            return;
        }
        on_in_dialog(*c, d, now, out);
        return;
    }
    switch (req.method()) {
        case Method::Invite:
            on_new_invite(d, now, out);
            return;
        case Method::Options: {
            Message r = make_response(req, 200, new_tag());
            add_capabilities(r, true);
            r.add_header(HeaderId::Accept, kAcceptSdp);
            respond(d.txn, std::move(r), out);
            return;
        }
        default:
            // BYE, UPDATE, PRACK, INFO outside a dialog.
            respond(d.txn, make_response(req, 481), out);
            return;
    }
}

void UserAgent::Impl::on_new_invite(const transaction::DeliverRequest& d, Instant now,
                                    std::vector<UaAction>& out) {
    (void)now;
    const Message& req = *d.request;
    UasSessionTimer timer = uas_session_timer(req, config.session_expires, config.min_se);
    if (timer.reject_status == 422) {
        Message r = make_response(req, 422);
        r.add_header(HeaderId::MinSE, std::to_string(timer.min_se));
        respond(d.txn, std::move(r), out);
        return;
    }
    if (timer.reject_status != 0) {
        respond(d.txn, make_response(req, timer.reject_status, {}, "Bad Session-Expires or Min-SE"),
                out);
        return;
    }
    Call c;
    if (has_sdp(req)) {
        auto offer = sdp::SessionDescription::parse(req.body());
        if (!offer.ok()) {
            respond(d.txn,
                    make_response(req, offer.error().status, {}, offer.error().reason_phrase()),
                    out);
            return;
        }
        c.offer_in = std::move(*offer);
    }
    c.handle = next_call++;
    c.uac = false;
    c.state = CallState::Incoming;
    c.call_id = std::string(req.call_id());
    c.local_tag = new_tag();
    c.invite_txn = d.txn;
    c.invite_request = d.request;
    c.sdp_id = random() >> 12;
    c.uas_timer = timer;
    c.reliable_1xx = config.reliable_provisionals && has_token(req, HeaderId::Require, "100rel");
    c.next_rseq = 1 + static_cast<std::uint32_t>(random() % 0x7fffU);
    c.peer_update = has_token(req, HeaderId::Allow, "UPDATE");
    auto uri = req.request_uri();
    const bool secure = transport::is_secure(d.source.transport) && uri.ok() &&
                        uri->scheme == message::UriScheme::Sips;
    auto dialog = Dialog::from_request(req, c.local_tag, secure, true);
    if (!dialog.ok()) {
        respond(d.txn, make_response(req, 400, {}, "Bad Request (dialog)"), out);
        return;
    }
    c.dialog = std::move(*dialog);
    IncomingCall ev;
    ev.call = CallHandle{c.handle};
    ev.from = std::string(req.header(HeaderId::From));
    ev.to = std::string(req.header(HeaderId::To));
    ev.request_uri = std::string(req.request_uri_text());
    ev.has_offer = c.offer_in.has_value();
    const std::uint64_t handle = c.handle;
    auto [it, inserted] = calls.emplace(handle, std::move(c));
    index_dialog(it->second, *it->second.dialog);
    out.push_back(std::move(ev));
}

void UserAgent::Impl::on_in_dialog(Call& c, const transaction::DeliverRequest& d, Instant now,
                                   std::vector<UaAction>& out) {
    const Message& req = *d.request;
    Dialog* dialog = nullptr;
    if (c.dialog && c.dialog->id().remote_tag == req.from()->tag) dialog = &*c.dialog;
    if (!dialog) {
        auto early = c.early.find(std::string(req.from()->tag));
        if (early != c.early.end()) dialog = &early->second;
    }
    if (!dialog) {
        respond(d.txn, make_response(req, 481), out);
        return;
    }
    if (dialog->check_remote_request(req) == 500) {
        // §12.2.2: lower than the remote sequence number: out of order.
        respond(d.txn, make_response(req, 500, {}, "Server Internal Error (CSeq out of order)"),
                out);
        return;
    }
    switch (req.method()) {
        case Method::Bye: {
            respond(d.txn, make_response(req, 200), out);
            if (c.state == CallState::Incoming && c.invite_request) {
                respond(c.invite_txn, make_response(*c.invite_request, 487, c.local_tag), out);
            }
            report_end(c, EndReason::RemoteHangup, 0, out);
            erase_call(c.handle, out);
            return;
        }
        case Method::Invite:
            on_reinvite(c, d, now, out);
            return;
        case Method::Update:
            on_update(c, d, now, out);
            return;
        case Method::Prack: {
            auto rack = message::parse_rack(req.header(HeaderId::RAck));
            if (!rack.ok() || !c.pending_1xx || rack->rseq != c.pending_1xx->rseq) {
                // RFC 3262 §3: a PRACK that matches no unacknowledged reliable 1xx.
                respond(d.txn, make_response(req, 481), out);
                return;
            }
            c.pending_1xx.reset();
            cancel_timer(c, TimerKind::Retransmit1xx, out);
            respond(d.txn, make_response(req, 200), out);
            return;
        }
        case Method::Info: {
            std::uint32_t duration = 0;
            const char digit = req.body().empty() ? 0 : info_digit(req, duration);
            respond(d.txn, make_response(req, 200), out);
            if (digit != 0) out.push_back(DtmfInfo{CallHandle{c.handle}, digit, duration});
            return;
        }
        case Method::Options: {
            Message r = make_response(req, 200);
            add_capabilities(r, true);
            r.add_header(HeaderId::Accept, kAcceptSdp);
            respond(d.txn, std::move(r), out);
            return;
        }
        default:
            respond(d.txn, make_response(req, 405), out);
            return;
    }
}

bool UserAgent::Impl::answer_offer(Call& c, const transaction::DeliverRequest& d,
                                   sdp::AnswerOptions options, Message& response,
                                   std::vector<UaAction>& out) {
    const Message& req = *d.request;
    auto offer = sdp::SessionDescription::parse(req.body());
    if (!offer.ok()) {
        respond(d.txn, make_response(req, offer.error().status, {}, offer.error().reason_phrase()),
                out);
        return false;
    }
    options.previous = c.local_sdp ? &*c.local_sdp : nullptr;
    options.hold = c.hold;
    auto answer = sdp::make_answer(*offer, c.caps, options);
    if (!answer.ok()) {
        // §14.2: refusing the offer leaves the session as it was.
        Message refusal = make_response(req, answer.error().status);
        if (answer.error().warning != 0) {
            refusal.add_header(HeaderId::Warning, warning_for(answer.error()));
        }
        respond(d.txn, std::move(refusal), out);
        return false;
    }
    c.local_sdp = answer->sdp;
    c.remote_sdp = std::move(*offer);
    c.session = std::move(answer->negotiated);
    response.set_body(c.local_sdp->to_string(), "application/sdp");
    return true;
}

void UserAgent::Impl::on_reinvite(Call& c, const transaction::DeliverRequest& d, Instant now,
                                  std::vector<UaAction>& out) {
    const Message& req = *d.request;
    if (c.state != CallState::Confirmed) {
        Message r = make_response(req, c.state == CallState::Terminating ? 481 : 500);
        if (r.status() == 500) {
            r.add_header(HeaderId::RetryAfter, std::to_string(random() % 10));
        }
        respond(d.txn, std::move(r), out);
        return;
    }
    if (c.peer_invite_open || c.pending_2xx) {
        // §14.2: a second INVITE before the first was answered (or ACKed).
        Message r = make_response(req, 500);
        r.add_header(HeaderId::RetryAfter, std::to_string(random() % 10));
        respond(d.txn, std::move(r), out);
        return;
    }
    if (c.modify_pending || c.offer_out) {
        // §14.2: our own INVITE (or offer) on this dialog is in progress: glare.
        respond(d.txn, make_response(req, 491), out);
        return;
    }
    UasSessionTimer timer = uas_session_timer(req, config.session_expires, config.min_se);
    if (timer.reject_status == 422) {
        Message r = make_response(req, 422);
        r.add_header(HeaderId::MinSE, std::to_string(timer.min_se));
        respond(d.txn, std::move(r), out);
        return;
    }
    Message r = make_response(req, 200);
    add_capabilities(r, true);
    bool updated = false;
    if (has_sdp(req)) {
        sdp::AnswerOptions options;
        options.session_id = c.sdp_id;
        options.session_version = c.sdp_id;
        if (!answer_offer(c, d, options, r, out)) return;
        updated = true;
    } else {
        // §14.2: an INVITE without an offer gets one in our 2xx; the answer comes in the ACK.
        sdp::ReofferOptions options;
        options.hold = c.hold;
        options.current = c.session ? &*c.session : nullptr;
        sdp::SessionDescription offer = c.local_sdp
                                            ? sdp::make_reoffer(*c.local_sdp, c.caps, options)
                                            : sdp::make_offer(c.caps, {c.sdp_id, c.sdp_id});
        r.set_body(offer.to_string(), "application/sdp");
        c.offer_out = std::move(offer);
        c.offer_out_in_2xx = true;
    }
    if (c.dialog) c.dialog->refresh_target(req);
    if (!timer.session_expires.empty()) {
        r.add_header(HeaderId::SessionExpires, timer.session_expires);
        if (timer.require_timer) r.add_header(HeaderId::Require, "timer");
    }
    c.peer_invite_open = true;
    send_2xx(c, d.txn, std::move(r), false, now, out);
    arm_session_timer(c, timer.timer, now, out);
    if (updated && c.session) out.push_back(MediaUpdated{CallHandle{c.handle}, *c.session, true});
}

void UserAgent::Impl::on_update(Call& c, const transaction::DeliverRequest& d, Instant now,
                                std::vector<UaAction>& out) {
    const Message& req = *d.request;
    const bool offer_present = has_sdp(req);
    if (offer_present && (c.offer_out || c.modify_pending)) {
        // RFC 3311 §5.2: an offer while ours is outstanding.
        respond(d.txn, make_response(req, 491), out);
        return;
    }
    if (offer_present && (!c.local_sdp || c.offer_in)) {
        // No session to change yet (the initial exchange is not complete).
        Message r = make_response(req, 500);
        r.add_header(HeaderId::RetryAfter, std::to_string(random() % 10));
        respond(d.txn, std::move(r), out);
        return;
    }
    UasSessionTimer timer = uas_session_timer(req, config.session_expires, config.min_se);
    if (timer.reject_status == 422) {
        Message r = make_response(req, 422);
        r.add_header(HeaderId::MinSE, std::to_string(timer.min_se));
        respond(d.txn, std::move(r), out);
        return;
    }
    Message r = make_response(req, 200);
    add_capabilities(r, true);
    bool updated = false;
    if (offer_present) {
        if (!answer_offer(c, d, sdp::AnswerOptions{}, r, out)) return;
        updated = true;
    }
    if (c.dialog) c.dialog->refresh_target(req);
    if (!timer.session_expires.empty()) {
        r.add_header(HeaderId::SessionExpires, timer.session_expires);
        if (timer.require_timer) r.add_header(HeaderId::Require, "timer");
    }
    respond(d.txn, std::move(r), out);
    if (c.state == CallState::Confirmed) arm_session_timer(c, timer.timer, now, out);
    if (updated && c.session) out.push_back(MediaUpdated{CallHandle{c.handle}, *c.session, true});
}

void UserAgent::Impl::on_ack(const Message& ack, Instant now, std::vector<UaAction>& out) {
    (void)now;
    Call* c = find_dialog(ack, true);
    if (!c || !c->pending_2xx) return;
    auto cseq = ack.cseq();
    if (!cseq.ok() || cseq->number != c->pending_2xx->cseq) return;
    const bool initial = c->pending_2xx->initial;
    c->pending_2xx.reset();
    cancel_timer(*c, TimerKind::Retransmit2xx, out);
    bool bad_answer = false;
    bool updated = false;
    if (c->offer_out_in_2xx && c->offer_out) {
        // Our offer went in the 2xx; the ACK must carry the answer (§13.2.1, §14.2).
        bad_answer = true;
        if (has_sdp(ack)) {
            auto answer = sdp::SessionDescription::parse(ack.body());
            if (answer.ok()) {
                auto negotiated = sdp::apply_answer(*c->offer_out, *answer);
                if (negotiated.ok()) {
                    c->local_sdp = std::move(*c->offer_out);
                    c->remote_sdp = std::move(*answer);
                    c->session = std::move(*negotiated);
                    bad_answer = false;
                    updated = true;
                }
            }
        }
        c->offer_out.reset();
        c->offer_out_in_2xx = false;
    }
    if (initial) {
        c->state =
            c->state == CallState::Terminating ? CallState::Terminating : CallState::Confirmed;
        if (c->bye_after_ack) {
            send_bye(*c, out);
            return;
        }
        if (bad_answer || !c->session) {
            // No usable answer: the session cannot start (RFC 3261 §13.2.1 leaves only BYE).
            send_bye(*c, out);
            report_end(*c, EndReason::Rejected, 488, out);
            return;
        }
        out.push_back(Answered{CallHandle{c->handle}, *c->session});
        return;
    }
    c->peer_invite_open = false;
    if (bad_answer) {
        send_bye(*c, out);
        report_end(*c, EndReason::Rejected, 488, out);
        return;
    }
    if (updated && c->session)
        out.push_back(MediaUpdated{CallHandle{c->handle}, *c->session, true});
}

void UserAgent::Impl::on_cancel(const transaction::DeliverRequest& d, Instant now,
                                std::vector<UaAction>& out) {
    (void)now;
    const Message& req = *d.request;
    Call* c = nullptr;
    if (d.cancels) {
        for (auto& [handle, call] : calls) {
            if (!call.uac && call.invite_txn == d.cancels) {
                c = &call;
                break;
            }
        }
    }
    if (!c) {
        // §9.2: 481 when the CANCEL matches no transaction; when it matches one we already
        // answered (a re-INVITE, answered at once), the CANCEL has no effect but gets 200.
        respond(d.txn, make_response(req, d.cancels ? 200 : 481), out);
        return;
    }
    respond(d.txn, make_response(req, 200, c->local_tag), out);
    if (c->state != CallState::Incoming) return;  // §9.2: answered already, no effect
    respond(c->invite_txn, make_response(*c->invite_request, 487, c->local_tag), out);
    report_end(*c, EndReason::Cancelled, 487, out);
    erase_call(c->handle, out);
}

void UserAgent::Impl::send_2xx(Call& c, transaction::ServerHandle txn, Message response,
                               bool initial, Instant now, std::vector<UaAction>& out) {
    response = reparse(response);
    Pending2xx p;
    p.txn = txn;
    auto cseq = response.cseq();
    p.cseq = cseq.ok() ? cseq->number : 0;
    p.first_sent = now;
    p.interval = config.timers.t1;
    p.initial = initial;
    p.response = response;
    c.pending_2xx = std::move(p);
    out.push_back(SendResponse{txn, std::move(response), false});
    start_timer(c, TimerKind::Retransmit2xx, config.timers.t1, now, out);
}

void UserAgent::Impl::retransmit_2xx(Call& c, Instant now, std::vector<UaAction>& out) {
    if (!c.pending_2xx) return;
    Pending2xx& p = *c.pending_2xx;
    const Duration limit = config.timers.transaction_timeout();
    const Duration elapsed = now - p.first_sent;
    if (elapsed >= limit) {
        // §13.3.1.4: no ACK after 64*T1: the dialog is confirmed, and ended with BYE.
        const bool initial = p.initial;
        c.pending_2xx.reset();
        c.offer_out.reset();
        c.offer_out_in_2xx = false;
        c.peer_invite_open = false;
        if (initial && c.state != CallState::Terminating) c.state = CallState::Confirmed;
        send_bye(c, out);
        report_end(c, EndReason::Timeout, 408, out);
        return;
    }
    out.push_back(SendResponse{p.txn, p.response, true});
    p.interval = std::min(p.interval * 2, config.timers.t2);
    start_timer(c, TimerKind::Retransmit2xx, std::min(p.interval, limit - elapsed), now, out);
}

void UserAgent::Impl::retransmit_1xx(Call& c, Instant now, std::vector<UaAction>& out) {
    if (!c.pending_1xx || c.state != CallState::Incoming) return;
    PendingReliable1xx& p = *c.pending_1xx;
    const Duration limit = config.timers.transaction_timeout();
    const Duration elapsed = now - p.first_sent;
    if (elapsed >= limit) {
        // RFC 3262 §3: never PRACKed; the UAS SHOULD reject the INVITE with a 5xx.
        respond(c.invite_txn, make_response(*c.invite_request, 504, c.local_tag), out);
        report_end(c, EndReason::Timeout, 504, out);
        erase_call(c.handle, out);
        return;
    }
    out.push_back(SendResponse{c.invite_txn, p.response, true});
    p.interval = p.interval * 2;
    start_timer(c, TimerKind::Retransmit1xx, std::min(p.interval, limit - elapsed), now, out);
}

}  // namespace dialtone::dialog
