// INVITE sessions: re-INVITE and UPDATE hold/resume (RFC 3261 §14, RFC 3311, RFC 3264
// §8.4), a failed re-INVITE keeping the session (§14.1), 491 glare with the §14.1 back-off,
// RFC 4028 session timers as UAC and UAS, DTMF INFO.

#include <gtest/gtest.h>

#include "dialtone/sip/dialog/glare_backoff.hpp"
#include "dialtone/sip/dialog/session_timer.hpp"
#include "dialtone/sip/sdp/offer_answer.hpp"
#include "unit/dialog/session_fixture.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::dialog {
namespace {

using message::HeaderId;
using message::Message;
using test::reply;
using test::UaProbe;
using transaction::Duration;

// RFC 3264 §8.4 via §14.1: hold is a re-INVITE in the dialog with a sendonly offer; its 2xx
// is ACKed with the re-INVITE's CSeq and the session changes; resume goes back to sendrecv.
TEST(InviteSessionRfc3261_14_1, HoldAndResumeByReInvite) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uac(alice);
    const Message first = alice.requests[0].request;
    alice.input([&](auto& out) { EXPECT_EQ(alice.ua.hold(call, alice.now, out), OpStatus::Ok); });
    ASSERT_EQ(alice.requests.size(), 2u);
    const Message reinvite = alice.requests[1].request;
    EXPECT_EQ(reinvite.method_text(), "INVITE");
    EXPECT_EQ(reinvite.call_id(), first.call_id());
    EXPECT_EQ(reinvite.to()->tag, "b1");
    EXPECT_EQ(reinvite.header(HeaderId::CSeq), "2 INVITE");
    EXPECT_EQ(reinvite.request_uri_text(), "sip:bob@192.0.2.2:5060");
    EXPECT_EQ(test::first_direction(reinvite.body()), sdp::Direction::SendOnly);
    // A second modification while this one runs is refused (RFC 3264 §4).
    alice.input([&](auto& out) {
        EXPECT_EQ(alice.ua.resume(call, alice.now, out), OpStatus::OfferPending);
    });
    alice.respond(1, reply(reinvite, 200, "b1", test::bob_answer(reinvite)));
    ASSERT_EQ(alice.acks.size(), 2u);
    EXPECT_EQ(alice.acks[1].ack.header(HeaderId::CSeq), "2 ACK");
    auto updated = alice.events_of<MediaUpdated>();
    ASSERT_EQ(updated.size(), 1u);
    EXPECT_FALSE(updated[0].by_peer);
    EXPECT_EQ(updated[0].session.streams[0].direction, sdp::Direction::SendOnly);
    EXPECT_TRUE(alice.ua.call_info(call)->local_hold);

    alice.input([&](auto& out) { EXPECT_EQ(alice.ua.resume(call, alice.now, out), OpStatus::Ok); });
    const Message resume = alice.requests.back().request;
    EXPECT_EQ(resume.header(HeaderId::CSeq), "3 INVITE");
    EXPECT_EQ(test::first_direction(resume.body()), sdp::Direction::SendRecv);
    alice.respond(alice.requests.size() - 1, reply(resume, 200, "b1", test::bob_answer(resume)));
    EXPECT_EQ(alice.events_of<MediaUpdated>().back().session.streams[0].direction,
              sdp::Direction::SendRecv);
    EXPECT_FALSE(alice.ua.call_info(call)->local_hold);
}

// §14.1: a re-INVITE that fails leaves the session as it was, and the call goes on.
TEST(InviteSessionRfc3261_14_1, FailedReInviteKeepsSession) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uac(alice);
    const auto before = alice.ua.call_info(call)->session;
    alice.input([&](auto& out) { alice.ua.hold(call, alice.now, out); });
    alice.respond(1, reply(alice.requests[1].request, 488, "b1"));
    auto failed = alice.events_of<ModifyFailed>();
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].status, 488);
    auto info = alice.ua.call_info(call);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->state, CallState::Confirmed);
    EXPECT_EQ(info->session, before);
    EXPECT_FALSE(info->local_hold);
    EXPECT_TRUE(alice.events_of<Ended>().empty());
    // The next offer is built from the session in force: same o= version + 1 only once.
    alice.input([&](auto& out) { EXPECT_EQ(alice.ua.hold(call, alice.now, out), OpStatus::Ok); });
    EXPECT_EQ(alice.requests.back().request.header(HeaderId::CSeq), "3 INVITE");
}

// §14.1: the back-off after 491 is 2.1-4 s in 10 ms steps for the Call-ID's owner, 0-2 s
// otherwise.
TEST(InviteSessionRfc3261_14_1, GlareBackoffRanges) {
    EXPECT_EQ(glare_backoff(true, 0), Duration(2100));
    EXPECT_EQ(glare_backoff(true, 190), Duration(4000));
    EXPECT_EQ(glare_backoff(true, 191), Duration(2100));
    EXPECT_EQ(glare_backoff(false, 0), Duration(0));
    EXPECT_EQ(glare_backoff(false, 200), Duration(2000));
    for (std::uint64_t r : {7ULL, 12345ULL, 0xffffffffffffffffULL}) {
        EXPECT_GE(glare_backoff(true, r), Duration(2100));
        EXPECT_LE(glare_backoff(true, r), Duration(4000));
        EXPECT_EQ(glare_backoff(true, r).count() % 10, 0);
        EXPECT_LE(glare_backoff(false, r), Duration(2000));
    }
}

// §14.1: after 491 the re-INVITE is retried once the back-off (drawn from the injected
// randomness) has passed, with a new CSeq, and not before.
TEST(InviteSessionRfc3261_14_1, GlareRetryAfterBackoff) {
    UaConfig config = test::alice_config();
    config.random = [] { return std::uint64_t{50}; };  // 2100 + 10 * 50 = 2600 ms as owner
    UaProbe alice(config);
    CallHandle call = test::established_uac(alice);
    alice.input([&](auto& out) { alice.ua.hold(call, alice.now, out); });
    alice.respond(1, reply(alice.requests[1].request, 491, "b1"));
    EXPECT_TRUE(alice.events_of<ModifyFailed>().empty());
    alice.advance(Duration(2599));
    EXPECT_EQ(alice.sent("INVITE").size(), 2u);
    alice.advance(Duration(1));
    auto invites = alice.sent("INVITE");
    ASSERT_EQ(invites.size(), 3u);
    EXPECT_EQ(invites[2].header(HeaderId::CSeq), "3 INVITE");
    EXPECT_EQ(test::first_direction(invites[2].body()), sdp::Direction::SendOnly);
    alice.respond(2, reply(invites[2], 200, "b1", test::bob_answer(invites[2])));
    EXPECT_TRUE(alice.ua.call_info(call)->local_hold);
}

// §14.1 for the side that did not make the Call-ID: 0-2 s.
TEST(InviteSessionRfc3261_14_1, GlareBackoffAsNonOwner) {
    UaConfig config = test::alice_config();
    config.random = [] { return std::uint64_t{30}; };  // 300 ms
    UaProbe alice(config);
    CallHandle call = test::established_uas(alice);
    alice.clear();
    alice.input([&](auto& out) { alice.ua.hold(call, alice.now, out); });
    ASSERT_EQ(alice.requests.size(), 1u);
    alice.respond(0, reply(alice.requests[0].request, 491, ""));
    alice.advance(Duration(299));
    EXPECT_EQ(alice.requests.size(), 1u);
    alice.advance(Duration(1));
    EXPECT_EQ(alice.requests.size(), 2u);
}

// §14.2: a re-INVITE that arrives while ours is pending gets 491.
TEST(InviteSessionRfc3261_14_2, CrossingReInviteGets491) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    alice.input([&](auto& out) { alice.ua.hold(call, alice.now, out); });
    alice.receive(test::bob_in_dialog(alice.ua, call, "INVITE", 2, test::bob_offer(2)));
    EXPECT_EQ(alice.responses.back().response.status(), 491);
}

// §14.2 + RFC 3264 §8.4: a sendonly re-offer from the peer is answered recvonly, the new
// Contact becomes the remote target, and the 2xx waits for its ACK.
TEST(InviteSessionRfc3261_14_2, PeerHoldAnsweredRecvonly) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    alice.clear();
    Message reinvite =
        test::bob_in_dialog(alice.ua, call, "INVITE", 2, test::bob_offer(2, "sendonly"), {});
    reinvite.set_header(HeaderId::Contact, "<sip:bob@192.0.2.3:5070>");
    alice.receive(test::parse(reinvite.to_string()));
    ASSERT_EQ(alice.responses.size(), 1u);
    const Message ok = alice.responses[0].response;
    EXPECT_EQ(ok.status(), 200);
    EXPECT_EQ(test::first_direction(ok.body()), sdp::Direction::RecvOnly);
    auto updated = alice.events_of<MediaUpdated>();
    ASSERT_EQ(updated.size(), 1u);
    EXPECT_TRUE(updated[0].by_peer);
    EXPECT_EQ(updated[0].session.streams[0].direction, sdp::Direction::RecvOnly);
    EXPECT_EQ(alice.ua.dialog(call)->remote_target(), "sip:bob@192.0.2.3:5070");
    alice.advance(Duration(600));
    EXPECT_EQ(alice.responses.size(), 2u);  // re-sent until the ACK (§14.2 -> §13.3.1.4)
    alice.receive_ack(test::bob_in_dialog(alice.ua, call, "ACK", 2));
    alice.advance(Duration(10000));
    EXPECT_EQ(alice.responses.size(), 2u);
}

// §14.2: a re-INVITE without an offer gets ours in the 2xx (the session as it stands) and
// the ACK carries the answer; a second INVITE before that ACK gets 500 with Retry-After.
TEST(InviteSessionRfc3261_14_2, PeerReInviteWithoutOffer) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    alice.clear();
    alice.receive(test::bob_in_dialog(alice.ua, call, "INVITE", 2));
    ASSERT_EQ(alice.responses.size(), 1u);
    const Message ok = alice.responses[0].response;
    EXPECT_EQ(ok.status(), 200);
    EXPECT_EQ(test::first_direction(ok.body()), sdp::Direction::SendRecv);
    alice.receive(test::bob_in_dialog(alice.ua, call, "INVITE", 3, test::bob_offer(3)));
    EXPECT_EQ(alice.responses.back().response.status(), 500);
    EXPECT_TRUE(alice.responses.back().response.has(HeaderId::RetryAfter));
    alice.receive_ack(
        test::bob_in_dialog(alice.ua, call, "ACK", 2, test::bob_answer(ok, /*hold=*/true)));
    auto updated = alice.events_of<MediaUpdated>();
    ASSERT_EQ(updated.size(), 1u);
    EXPECT_TRUE(updated[0].by_peer);
    EXPECT_EQ(updated[0].session.streams[0].direction, sdp::Direction::RecvOnly);
}

// §14.2: an offer we cannot accept in a re-INVITE gets 488; the session stays.
TEST(InviteSessionRfc3261_14_2, UnacceptableReOfferKeepsSession) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    const auto before = alice.ua.call_info(call)->session;
    sdp::MediaCapabilities g722;
    g722.address = "192.0.2.2";
    sdp::StreamCapabilities audio;
    audio.port = 6000;
    audio.codecs.push_back(*sdp::static_codec(9));
    g722.streams.push_back(audio);
    alice.receive(test::bob_in_dialog(alice.ua, call, "INVITE", 2,
                                      sdp::make_offer(g722, {9, 2}).to_string()));
    EXPECT_EQ(alice.responses.back().response.status(), 488);
    EXPECT_EQ(alice.ua.call_info(call)->session, before);
    EXPECT_EQ(alice.ua.call_info(call)->state, CallState::Confirmed);
}

// RFC 3311: hold by UPDATE when configured and the peer allows it; no ACK follows.
TEST(InviteSessionRfc3311, HoldByUpdate) {
    UaConfig config = test::alice_config();
    config.prefer_update = true;
    UaProbe alice(config);
    CallOptions options;
    options.target = "sip:bob@192.0.2.2:5060";
    options.media = test::audio_caps("192.0.2.1", 4000);
    CallHandle call;
    alice.input([&](auto& out) { call = *alice.ua.invite(options, alice.now, out); });
    const Message inv = alice.requests[0].request;
    alice.respond(0, reply(inv, 200, "b1", test::bob_answer(inv),
                           {{"Allow", "INVITE, ACK, BYE, CANCEL, UPDATE"}}));
    alice.input([&](auto& out) { EXPECT_EQ(alice.ua.hold(call, alice.now, out), OpStatus::Ok); });
    const Message update = alice.requests.back().request;
    EXPECT_EQ(update.method_text(), "UPDATE");
    EXPECT_EQ(update.header(HeaderId::CSeq), "2 UPDATE");
    EXPECT_EQ(test::first_direction(update.body()), sdp::Direction::SendOnly);
    alice.respond(1, reply(update, 200, "b1", test::bob_answer(update)));
    EXPECT_EQ(alice.acks.size(), 1u);  // only the INVITE's
    ASSERT_EQ(alice.events_of<MediaUpdated>().size(), 1u);
    EXPECT_TRUE(alice.ua.call_info(call)->local_hold);
}

// RFC 3311 §5.2: an UPDATE offer while ours is outstanding gets 491; one otherwise is
// answered in its 200.
TEST(InviteSessionRfc3311, IncomingUpdate) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    alice.receive(test::bob_in_dialog(alice.ua, call, "UPDATE", 2, test::bob_offer(2, "inactive")));
    EXPECT_EQ(alice.responses.back().response.status(), 200);
    EXPECT_EQ(test::first_direction(alice.responses.back().response.body()),
              sdp::Direction::Inactive);
    alice.input([&](auto& out) { alice.ua.hold(call, alice.now, out); });
    alice.receive(test::bob_in_dialog(alice.ua, call, "UPDATE", 3, test::bob_offer(3)));
    EXPECT_EQ(alice.responses.back().response.status(), 491);
}

// RFC 4028 §9: a Session-Expires below our Min-SE gets 422 with Min-SE.
TEST(InviteSessionRfc4028_9, TooSmallIntervalGets422) {
    UaProbe alice(test::alice_config());
    alice.receive(
        test::bob_invite(test::bob_offer(), {{"Session-Expires", "30"}, {"Supported", "timer"}}));
    ASSERT_EQ(alice.responses.size(), 1u);
    EXPECT_EQ(alice.responses[0].response.status(), 422);
    EXPECT_EQ(alice.responses[0].response.header(HeaderId::MinSE), "90");
    EXPECT_TRUE(alice.events_of<IncomingCall>().empty());
}

// RFC 4028 §9 + §10: as UAS with the UAC refreshing, our 2xx says so (Require: timer) and
// without a refresh we send BYE at interval - min(32 s, interval/3).
TEST(InviteSessionRfc4028_10, UasEndsSessionWithoutRefresh) {
    UaProbe alice(test::alice_config());
    alice.receive(
        test::bob_invite(test::bob_offer(), {{"Session-Expires", "120"}, {"Supported", "timer"}}));
    const CallHandle call = alice.events_of<IncomingCall>()[0].call;
    alice.input([&](auto& out) {
        alice.ua.answer(call, test::audio_caps("192.0.2.1", 4000), alice.now, out);
    });
    const Message ok = alice.responses.back().response;
    EXPECT_EQ(ok.header(HeaderId::SessionExpires), "120;refresher=uac");
    EXPECT_EQ(ok.header(HeaderId::Require), "timer");
    alice.receive_ack(test::bob_in_dialog(alice.ua, call, "ACK", 1));
    // A refresh from Bob at 60 s restarts the clock.
    alice.advance(Duration(60000));
    alice.receive(
        test::bob_in_dialog(alice.ua, call, "UPDATE", 2, {},
                            {{"Session-Expires", "120;refresher=uac"}, {"Supported", "timer"}}));
    EXPECT_EQ(alice.responses.back().response.status(), 200);
    alice.advance(Duration(87999));
    EXPECT_TRUE(alice.sent("BYE").empty());
    alice.advance(Duration(1));
    EXPECT_EQ(alice.sent("BYE").size(), 1u);
    ASSERT_EQ(alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(alice.events_of<Ended>()[0].reason, EndReason::SessionExpired);
}

// RFC 4028 §7 + §10: as UAC we ask for our interval; with refresher=uac in the 2xx we
// refresh at half of it with a re-INVITE carrying the same interval and the same SDP.
TEST(InviteSessionRfc4028_7, UacRefreshesAtHalfInterval) {
    UaConfig config = test::alice_config();
    config.session_expires = 600;
    UaProbe alice(config);
    CallOptions options;
    options.target = "sip:bob@192.0.2.2:5060";
    options.media = test::audio_caps("192.0.2.1", 4000);
    CallHandle call;
    alice.input([&](auto& out) { call = *alice.ua.invite(options, alice.now, out); });
    const Message inv = alice.requests[0].request;
    EXPECT_EQ(inv.header(HeaderId::SessionExpires), "600");
    alice.respond(0, reply(inv, 200, "b1", test::bob_answer(inv),
                           {{"Session-Expires", "600;refresher=uac"}, {"Require", "timer"}}));
    ASSERT_TRUE(alice.ua.call_info(call)->session_timer.has_value());
    EXPECT_TRUE(alice.ua.call_info(call)->session_timer->we_refresh);
    alice.advance(Duration(299999));
    EXPECT_EQ(alice.sent("INVITE").size(), 1u);
    alice.advance(Duration(1));
    auto invites = alice.sent("INVITE");
    ASSERT_EQ(invites.size(), 2u);
    EXPECT_EQ(invites[1].header(HeaderId::SessionExpires), "600;refresher=uac");
    auto before = sdp::SessionDescription::parse(inv.body());
    auto refresh = sdp::SessionDescription::parse(invites[1].body());
    ASSERT_TRUE(before.ok() && refresh.ok());
    EXPECT_EQ(refresh->origin.session_version, before->origin.session_version);  // unchanged
    alice.respond(1, reply(invites[1], 200, "b1", test::bob_answer(invites[1]),
                           {{"Session-Expires", "600;refresher=uac"}}));
    EXPECT_TRUE(alice.events_of<MediaUpdated>().empty());  // a refresh changes nothing
    alice.advance(Duration(300000));
    EXPECT_EQ(alice.sent("INVITE").size(), 3u);
}

// RFC 4028 §7.4 (422 handling): the INVITE is sent again with the server's Min-SE.
TEST(InviteSessionRfc4028_7, RetryAfter422) {
    UaConfig config = test::alice_config();
    config.session_expires = 100;
    UaProbe alice(config);
    CallOptions options;
    options.target = "sip:bob@192.0.2.2:5060";
    options.media = test::audio_caps("192.0.2.1", 4000);
    alice.input([&](auto& out) { (void)alice.ua.invite(options, alice.now, out); });
    alice.respond(0, reply(alice.requests[0].request, 422, "b1", {}, {{"Min-SE", "300"}}));
    auto invites = alice.sent("INVITE");
    ASSERT_EQ(invites.size(), 2u);
    EXPECT_EQ(invites[1].header(HeaderId::SessionExpires), "300");
    EXPECT_EQ(invites[1].header(HeaderId::MinSE), "300");
    EXPECT_EQ(invites[1].header(HeaderId::CSeq), "2 INVITE");
}

// RFC 4028 §9: the UAS picks the refresher when the request leaves it open.
TEST(InviteSessionRfc4028_9, UasRefresherChoice) {
    auto with = [](std::string headers) {
        test::RequestSpec spec;
        spec.method = "INVITE";
        spec.extra_headers = std::move(headers);
        return test::make_request(spec);
    };
    auto a = uas_session_timer(with("Session-Expires: 1800\r\nSupported: timer\r\n"), 0, 90);
    ASSERT_TRUE(a.timer.has_value());
    EXPECT_FALSE(a.timer->we_refresh);
    EXPECT_EQ(a.session_expires, "1800;refresher=uac");
    auto b = uas_session_timer(with("Session-Expires: 1800\r\n"), 0, 90);
    ASSERT_TRUE(b.timer.has_value());
    EXPECT_TRUE(b.timer->we_refresh);  // a UAC without timer support cannot refresh
    EXPECT_FALSE(b.require_timer);
    auto c = uas_session_timer(with("Supported: timer\r\n"), 600, 90);  // we ask for one
    ASSERT_TRUE(c.timer.has_value());
    EXPECT_EQ(c.timer->interval, 600u);
    auto d = uas_session_timer(with("Session-Expires: 1800;refresher=uas\r\nSupported: timer\r\n"),
                               900, 90);
    ASSERT_TRUE(d.timer.has_value());
    EXPECT_EQ(d.timer->interval, 900u);  // lowered to ours
    EXPECT_TRUE(d.timer->we_refresh);
    EXPECT_EQ(expiry_delay(SessionTimer{90, false}), Duration(60000));
    EXPECT_EQ(expiry_delay(SessionTimer{1800, false}), Duration(1768000));
    EXPECT_EQ(refresh_delay(SessionTimer{1800, true}), Duration(900000));
}

// DTMF by INFO: application/dtmf-relay in the dialog.
TEST(InviteSessionInfo, SendDtmfInfo) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uac(alice);
    alice.input([&](auto& out) {
        EXPECT_EQ(alice.ua.send_dtmf_info(call, '#', 250, alice.now, out), OpStatus::Ok);
        EXPECT_EQ(alice.ua.send_dtmf_info(call, 'x', 250, alice.now, out), OpStatus::BadInput);
    });
    auto infos = alice.sent("INFO");
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_EQ(infos[0].header(HeaderId::ContentType), "application/dtmf-relay");
    EXPECT_EQ(infos[0].body(), "Signal=#\r\nDuration=250\r\n");
    // §12.2.1.2: 481 to a request in the dialog ends the call.
    alice.respond(alice.requests.size() - 1, reply(infos[0], 481, "b1"));
    ASSERT_EQ(alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(alice.events_of<Ended>()[0].reason, EndReason::DialogGone);
}

}  // namespace
}  // namespace dialtone::dialog
