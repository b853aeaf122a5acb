// Requests the UserAgent starts inside a call: BYE (§15.1.1), re-INVITE and UPDATE for
// hold/resume and session refresh (§14.1, RFC 3311, RFC 3264 §8), and the RFC 4028 session
// timer they carry.

#include <string>

#include "sip/dialog/builders.hpp"
#include "sip/dialog/ua_core.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;

DialogRequest UserAgent::Impl::in_dialog(Call& c, std::string_view method, bool contact) {
    DialogRequest r = c.dialog->make_request(method, via_value());
    if (contact) {
        add_capabilities(r.request, true);
    } else if (!config.user_agent.empty()) {
        r.request.add_header(HeaderId::UserAgent, config.user_agent);
    }
    return r;
}

void UserAgent::Impl::send_bye(Call& c, std::vector<UaAction>& out) {
    for (TimerKind k :
         {TimerKind::Retransmit2xx, TimerKind::Glare, TimerKind::Refresh, TimerKind::Expiry}) {
        cancel_timer(c, k, out);
    }
    c.state = CallState::Terminating;
    if (!c.dialog) return;
    DialogRequest bye = in_dialog(c, "BYE", false);
    bye.request.set_body({});
    submit(&c, PendingKind::Bye, std::move(bye.request), std::move(bye.next_hop), out);
}

OpStatus UserAgent::Impl::modify(Call& c, bool hold, bool refresh, Instant now,
                                 std::vector<UaAction>& out) {
    (void)now;
    if (c.state != CallState::Confirmed || !c.dialog || !c.local_sdp) return OpStatus::WrongState;
    if (c.modify_pending || c.offer_out || c.offer_in || c.pending_2xx || c.peer_invite_open) {
        return OpStatus::OfferPending;
    }
    if (!refresh) {
        // The application's wish replaces a retry still waiting out a 491 back-off.
        cancel_timer(c, TimerKind::Glare, out);
        c.glare_hold.reset();
    }
    const bool update = config.prefer_update && c.peer_update;
    sdp::ReofferOptions options;
    options.hold = hold;
    options.current = c.session ? &*c.session : nullptr;
    // A refresh repeats the SDP in force (same version, RFC 3264 §8: "unchanged").
    sdp::SessionDescription offer = sdp::make_reoffer(*c.local_sdp, c.caps, options);
    DialogRequest r = in_dialog(c, update ? "UPDATE" : "INVITE", true);
    add_session_expires(c, r.request, false);
    r.request.set_body(offer.to_string(), "application/sdp");
    c.offer_out = std::move(offer);
    c.modify_pending = true;
    Pending tmpl;
    tmpl.refresh = refresh;
    tmpl.hold = hold;
    submit(&c, update ? PendingKind::Update : PendingKind::ReInvite, std::move(r.request),
           std::move(r.next_hop), out, &tmpl);
    return OpStatus::Ok;
}

void UserAgent::Impl::add_session_expires(Call& c, Message& m, bool initial) {
    (void)initial;
    if (c.session_timer) {
        // RFC 4028 §7.4: a refresh keeps the interval and names the refresher from the point
        // of view of this transaction (we send it, so we are its UAC).
        std::string v = std::to_string(c.session_timer->interval);
        v += c.session_timer->we_refresh ? ";refresher=uac" : ";refresher=uas";
        m.add_header(HeaderId::SessionExpires, v);
    } else if (config.session_expires != 0) {
        m.add_header(HeaderId::SessionExpires, std::to_string(config.session_expires));
    }
    if (config.min_se != 90) m.add_header(HeaderId::MinSE, std::to_string(config.min_se));
}

void UserAgent::Impl::arm_session_timer(Call& c, std::optional<SessionTimer> t, Instant now,
                                        std::vector<UaAction>& out) {
    cancel_timer(c, TimerKind::Refresh, out);
    cancel_timer(c, TimerKind::Expiry, out);
    c.session_timer = t;
    if (!t) return;
    if (t->we_refresh) {
        start_timer(c, TimerKind::Refresh, refresh_delay(*t), now, out);
    } else {
        start_timer(c, TimerKind::Expiry, expiry_delay(*t), now, out);
    }
}

}  // namespace dialtone::dialog
