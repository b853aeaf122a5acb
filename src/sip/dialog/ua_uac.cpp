// Responses to the requests the UserAgent sent: RFC 3261 §8.1.3 (UAC core: 3xx, 401/407,
// 408/503 stand-ins), §13.2.2 (INVITE responses, forking, ACK for 2xx), §12.2.1.2 (481/408
// in a dialog), §14.1 (re-INVITE failure and 491), RFC 3262 §4 (PRACK), RFC 4028 §7 (422).

#include <string>

#include "dialtone/sip/message/rack.hpp"
#include "dialtone/sip/transaction/make_cancel.hpp"
#include "sip/dialog/builders.hpp"
#include "sip/dialog/ua_core.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;

void UserAgent::Impl::on_response(Pending& p, const Message* response, int status, Instant now,
                                  std::vector<UaAction>& out) {
    if (response && (status == 401 || status == 407) && retry(p, *response, out)) return;
    Call* c = p.call ? find(p.call) : nullptr;
    switch (p.kind) {
        case PendingKind::Invite:
            if (c) on_invite_response(*c, p, response, status, now, out);
            return;
        case PendingKind::ReInvite:
        case PendingKind::Update:
            if (c) on_modify_response(*c, p, response, status, now, out);
            return;
        case PendingKind::Bye:
            if (c && status >= 200) erase_call(c->handle, out);
            return;
        case PendingKind::Info:
        case PendingKind::Prack:
            if (c && (status == 481 || status == 408) && c->state != CallState::Terminating) {
                // §12.2.1.2: the dialog is gone at the far end.
                report_end(*c, EndReason::DialogGone, status, out);
                erase_call(c->handle, out);
            }
            return;
        case PendingKind::Cancel:
        case PendingKind::ForkBye:
            return;
    }
}

void UserAgent::Impl::on_invite_response(Call& c, Pending& p, const Message* response, int status,
                                         Instant now, std::vector<UaAction>& out) {
    if (status < 200) {
        if (!response) return;
        c.provisional_seen = true;
        if (c.cancel_wanted && !c.cancel_sent) {
            // §9.1: the CANCEL the application asked for before any provisional came.
            c.cancel_sent = true;
            submit(&c, PendingKind::Cancel, transaction::make_cancel(p.request), p.next_hop, out);
        }
        if (status > 100) on_invite_1xx(c, p, *response, now, out);
        return;
    }
    if (status < 300) {
        if (response) on_invite_2xx(c, p, *response, now, out);
        return;
    }
    if (c.state == CallState::Terminating) {
        // The 487 (or any final) after our CANCEL.
        erase_call(c.handle, out);
        return;
    }
    if (response && status < 400 && p.redirects < config.max_redirects) {
        // §8.1.3.4: try the first Contact of the redirect.
        auto contact = response->contact();
        if (contact.ok() && !contact->star && contact->uri.is_sip()) {
            Message r = p.request;
            r.set_request_uri(contact->uri.text);
            r.set_header(HeaderId::CSeq, std::to_string(++c.invite_cseq) + " INVITE");
            r.pop_via();
            r.push_via(via_value());
            const std::string next_hop = config.outbound_proxy.empty()
                                             ? std::string(contact->uri.text)
                                             : uri_of(config.outbound_proxy);
            Pending tmpl = p;
            tmpl.redirects = p.redirects + 1;
            for (auto& [tag, d] : c.early)
                dialogs.erase(d.id());
            c.early.clear();
            c.state = CallState::Calling;
            c.provisional_seen = false;
            c.invite_token = submit(&c, PendingKind::Invite, std::move(r), next_hop, out, &tmpl);
            return;
        }
    }
    if (response && status == 422 && !p.retried_422 && response->has(HeaderId::MinSE)) {
        // RFC 4028 §7.4: ask again with the Min-SE the server wants.
        auto min_se = message::parse_uint(response->header(HeaderId::MinSE), 0xffffffffU);
        if (min_se.ok()) {
            Message r = p.request;
            r.set_header(HeaderId::SessionExpires, std::to_string(*min_se));
            r.set_header(HeaderId::MinSE, std::to_string(*min_se));
            r.set_header(HeaderId::CSeq, std::to_string(++c.invite_cseq) + " INVITE");
            r.pop_via();
            r.push_via(via_value());
            Pending tmpl = p;
            tmpl.retried_422 = true;
            c.invite_token = submit(&c, PendingKind::Invite, std::move(r), p.next_hop, out, &tmpl);
            return;
        }
    }
    EndReason reason = EndReason::Rejected;
    if (!response && status == 408) reason = EndReason::Timeout;
    if (!response && status == 503) reason = EndReason::TransportError;
    report_end(c, reason, status, out);
    erase_call(c.handle, out);
}

void UserAgent::Impl::on_invite_1xx(Call& c, Pending& p, const Message& response, Instant now,
                                    std::vector<UaAction>& out) {
    (void)now;
    if (c.state == CallState::Calling) c.state = CallState::Early;
    if (has_token(response, HeaderId::Allow, "UPDATE")) c.peer_update = true;
    auto to = response.to();
    Dialog* early = nullptr;
    std::string tag;
    if (to.ok() && to->has_tag && !to->tag.empty() && !c.dialog) {
        tag = std::string(to->tag);
        auto it = c.early.find(tag);
        if (it == c.early.end()) {
            // §12.1.2 / §13.2.2.1: a 1xx with a To tag creates an early dialog.
            auto d = Dialog::from_response(p.request, response, false);
            if (d.ok()) {
                it = c.early.emplace(tag, std::move(*d)).first;
                index_dialog(c, it->second);
            }
        } else {
            it->second.refresh_target(response);
        }
        if (it != c.early.end()) early = &it->second;
    }
    std::optional<sdp::SessionDescription> answer_for_prack;
    const bool reliable = has_token(response, HeaderId::Require, "100rel") &&
                          response.has(HeaderId::RSeq) && early != nullptr;
    if (reliable) {
        auto rseq = message::parse_rseq(response.header(HeaderId::RSeq));
        if (!rseq.ok()) return;
        auto last = c.last_rseq.find(tag);
        // RFC 3262 §4: a retransmission (or an out-of-order one) is not PRACKed again.
        if (last != c.last_rseq.end() && *rseq != last->second + 1) return;
        c.last_rseq[tag] = *rseq;
        if (has_sdp(response) && !c.offer_out && !c.local_sdp) {
            // Delayed offer: the peer offers in a reliable 1xx, we answer in the PRACK.
            auto offer = sdp::SessionDescription::parse(response.body());
            if (offer.ok()) {
                auto answer =
                    sdp::make_answer(*offer, c.caps, {c.sdp_id, c.sdp_id, nullptr, false});
                if (answer.ok()) {
                    c.remote_sdp = std::move(*offer);
                    c.local_sdp = answer->sdp;
                    c.session = answer->negotiated;
                    answer_for_prack = std::move(answer->sdp);
                }
            }
        }
        DialogRequest prack = early->make_request("PRACK", via_value());
        prack.request.add_header(HeaderId::RAck, std::to_string(*rseq) + " " +
                                                     std::to_string(c.invite_cseq) + " INVITE");
        if (answer_for_prack) {
            prack.request.set_body(answer_for_prack->to_string(), "application/sdp");
        } else {
            prack.request.set_body({});
        }
        submit(&c, PendingKind::Prack, std::move(prack.request), std::move(prack.next_hop), out);
    }
    Progress ev;
    ev.call = CallHandle{c.handle};
    ev.status = response.status();
    ev.reason = std::string(response.reason());
    if (has_sdp(response) && c.offer_out) {
        // §13.2.1: an answer in a 1xx sets up early media (183 Session Progress).
        auto answer = sdp::SessionDescription::parse(response.body());
        if (answer.ok()) {
            auto negotiated = sdp::apply_answer(*c.offer_out, *answer);
            if (negotiated.ok()) {
                c.remote_sdp = std::move(*answer);
                c.session = *negotiated;
                ev.early_media = std::move(*negotiated);
            }
        }
    } else if (answer_for_prack && c.session) {
        ev.early_media = c.session;
    }
    out.push_back(std::move(ev));
}

void UserAgent::Impl::send_ack(Call* c, Dialog& d, const Pending& invite, std::string_view body,
                               std::vector<UaAction>& out) {
    auto cseq = invite.request.cseq();
    DialogRequest ack = d.make_request("ACK", via_value(), cseq.ok() ? cseq->number : 1);
    // §13.2.2.4: the ACK carries the INVITE's credentials.
    for (HeaderId h : {HeaderId::Authorization, HeaderId::ProxyAuthorization}) {
        auto cursor = invite.request.values(h);
        std::string_view v;
        while (cursor.next(v))
            ack.request.add_header(h, v);
    }
    if (!config.user_agent.empty()) ack.request.add_header(HeaderId::UserAgent, config.user_agent);
    if (body.empty()) {
        ack.request.set_body({});
    } else {
        ack.request.set_body(body, "application/sdp");
    }
    Message m = reparse(ack.request);
    if (c) {
        c->ack = m;
        c->ack_next_hop = ack.next_hop;
    }
    out.push_back(SendAck{std::move(m), std::move(ack.next_hop)});
}

void UserAgent::Impl::end_extra_fork(const Pending& invite, const Message& response,
                                     std::vector<UaAction>& out) {
    auto d = Dialog::from_response(invite.request, response, false);
    if (!d.ok()) return;
    std::string body;
    if (has_sdp(response) && !invite.request.body().empty()) {
        body.clear();  // our offer was in the INVITE: the ACK carries nothing
    }
    send_ack(nullptr, *d, invite, body, out);
    if (!config.bye_extra_forks) return;
    // §13.2.2.4: a second 2xx of a forked INVITE: ACKed, then ended with BYE.
    DialogRequest bye = d->make_request("BYE", via_value());
    bye.request.set_body({});
    submit(nullptr, PendingKind::ForkBye, std::move(bye.request), std::move(bye.next_hop), out);
}

void UserAgent::Impl::on_invite_2xx(Call& c, Pending& p, const Message& response, Instant now,
                                    std::vector<UaAction>& out) {
    auto to = response.to();
    if (!to.ok() || !to->has_tag || to->tag.empty()) return;  // cannot be ACKed in a dialog
    const std::string tag(to->tag);
    if (c.dialog) {
        if (c.dialog->id().remote_tag == tag) {
            // A retransmission of the 2xx we already ACKed (§13.2.2.4).
            if (c.ack) out.push_back(SendAck{*c.ack, c.ack_next_hop});
            return;
        }
        end_extra_fork(p, response, out);
        return;
    }
    auto early = c.early.find(tag);
    if (early != c.early.end()) {
        Dialog d = std::move(early->second);
        c.early.erase(early);
        d.confirm_from_response(response);
        c.dialog = std::move(d);
    } else {
        auto d = Dialog::from_response(p.request, response, false);
        if (!d.ok()) return;
        c.dialog = std::move(*d);
    }
    // The other forks' early dialogs end with this answer (§13.2.2.4 lets the UAC keep
    // them only to ACK and BYE their own 2xx, which end_extra_fork does without them).
    for (auto& [t, d] : c.early)
        dialogs.erase(d.id());
    c.early.clear();
    index_dialog(c, *c.dialog);
    if (has_token(response, HeaderId::Allow, "UPDATE")) c.peer_update = true;

    std::string ack_body;
    bool usable = true;
    if (c.offer_out) {
        if (has_sdp(response)) {
            auto answer = sdp::SessionDescription::parse(response.body());
            auto negotiated = answer.ok() ? sdp::apply_answer(*c.offer_out, *answer)
                                          : sdp::Result<sdp::NegotiatedSession>(answer.error());
            if (negotiated.ok()) {
                c.remote_sdp = std::move(*answer);
                c.session = std::move(*negotiated);
            } else {
                usable = false;
            }
        } else if (!c.session) {
            usable = false;  // neither a 1xx nor the 2xx answered our offer
        }
        c.local_sdp = std::move(*c.offer_out);
        c.offer_out.reset();
    } else if (has_sdp(response) && !c.local_sdp) {
        // Delayed offer (§13.2.1): the offer is in the 2xx, our answer goes in the ACK.
        auto offer = sdp::SessionDescription::parse(response.body());
        usable = false;
        if (offer.ok()) {
            auto answer = sdp::make_answer(*offer, c.caps, {c.sdp_id, c.sdp_id, nullptr, false});
            if (answer.ok()) {
                ack_body = answer->sdp.to_string();
                c.local_sdp = std::move(answer->sdp);
                c.remote_sdp = std::move(*offer);
                c.session = std::move(answer->negotiated);
                usable = true;
            }
        }
    } else if (!c.session) {
        usable = false;
    }
    send_ack(&c, *c.dialog, p, ack_body, out);
    if (c.state == CallState::Terminating) {
        // The answer crossed our CANCEL: the call is up, so end it (§9.1, §15).
        send_bye(c, out);
        return;
    }
    if (!usable) {
        send_bye(c, out);
        report_end(c, EndReason::Rejected, 488, out);
        return;
    }
    c.state = CallState::Confirmed;
    arm_session_timer(c, uac_session_timer(response), now, out);
    out.push_back(Answered{CallHandle{c.handle}, *c.session});
}

void UserAgent::Impl::on_modify_response(Call& c, Pending& p, const Message* response, int status,
                                         Instant now, std::vector<UaAction>& out) {
    if (status < 200) return;
    if (p.kind == PendingKind::ReInvite && status < 300 && response && c.dialog &&
        !c.modify_pending) {
        // A retransmitted 2xx of a re-INVITE we already ACKed.
        auto cseq = response->cseq();
        auto ack_cseq = c.ack ? c.ack->cseq() : cseq;
        if (c.ack && cseq.ok() && ack_cseq.ok() && cseq->number == ack_cseq->number) {
            out.push_back(SendAck{*c.ack, c.ack_next_hop});
        }
        return;
    }
    c.modify_pending = false;
    if (status < 300 && response) {
        if (c.dialog) c.dialog->refresh_target(*response);
        if (p.kind == PendingKind::ReInvite && c.dialog) send_ack(&c, *c.dialog, p, {}, out);
        bool changed = false;
        if (c.offer_out) {
            auto answer = has_sdp(*response) ? sdp::SessionDescription::parse(response->body())
                                             : sdp::Result<sdp::SessionDescription>(
                                                   sdp::Error{488, 0, 0, "no answer in the 2xx"});
            auto negotiated = answer.ok() ? sdp::apply_answer(*c.offer_out, *answer)
                                          : sdp::Result<sdp::NegotiatedSession>(answer.error());
            if (negotiated.ok()) {
                c.local_sdp = std::move(*c.offer_out);
                c.remote_sdp = std::move(*answer);
                changed = !c.session || !(*c.session == *negotiated);
                c.session = std::move(*negotiated);
                c.hold = p.hold;
            } else if (!p.refresh) {
                out.push_back(ModifyFailed{CallHandle{c.handle}, 488});
            }
            c.offer_out.reset();
        }
        if (c.state == CallState::Confirmed) {
            arm_session_timer(c, uac_session_timer(*response), now, out);
        }
        if (!p.refresh || changed) {
            if (c.session) out.push_back(MediaUpdated{CallHandle{c.handle}, *c.session, false});
        }
        return;
    }
    c.offer_out.reset();  // §14.1: the session stays as it was before the offer
    if (status == 491) {
        // §14.1 glare: try again after the back-off.
        c.glare_hold = p.hold;
        c.glare_refresh = p.refresh;
        start_timer(c, TimerKind::Glare, glare_backoff(c.owns_call_id, random()), now, out);
        return;
    }
    if (status == 481 || status == 408) {
        // §12.2.1.2 (and §14.1 for a re-INVITE): the dialog is gone.
        if (c.state == CallState::Terminating) return;
        if (status == 408) send_bye(c, out);
        report_end(c, EndReason::DialogGone, status, out);
        if (status == 481) erase_call(c.handle, out);
        return;
    }
    if (!p.refresh) out.push_back(ModifyFailed{CallHandle{c.handle}, status});
}

bool UserAgent::Impl::retry(Pending& p, const Message& response, std::vector<UaAction>& out) {
    if (!digest || p.auth_attempts >= 2 || p.kind == PendingKind::Cancel) return false;
    Message r = p.request;
    auto answer = digest->answer(response, r.method_text(), r.request_uri_text(), r.body());
    if (!answer.ok()) return false;
    Call* c = p.call ? find(p.call) : nullptr;
    auto cseq = r.cseq();
    if (!cseq.ok()) return false;
    std::uint32_t number = cseq->number + 1;
    if (p.kind == PendingKind::Invite && c) {
        number = ++c->invite_cseq;
    } else if (c && c->dialog) {
        number = c->dialog->take_local_seq();
    }
    // §22.2: the same request with credentials, a new CSeq and a new branch.
    r.remove_header(answer->header);
    r.add_header(answer->header, answer->value);
    r.set_header(HeaderId::CSeq, std::to_string(number) + " " + std::string(r.method_text()));
    r.pop_via();
    r.push_via(via_value());
    Pending tmpl = p;
    tmpl.auth_attempts = p.auth_attempts + 1;
    const RequestToken token = submit(c, p.kind, std::move(r), p.next_hop, out, &tmpl);
    if (p.kind == PendingKind::Invite && c) c->invite_token = token;
    return true;
}

}  // namespace dialtone::dialog
