// RFC 3261 §8.1 (UAC core), §9.1 (CANCEL), §13.2 (UAC INVITE processing, forking, ACK for
// 2xx), §22.2 (credentials after 401/407), RFC 3262 §4 (PRACK) through the UserAgent.

#include <gtest/gtest.h>

#include "dialtone/sip/message/rack.hpp"
#include "dialtone/sip/message/token_list.hpp"
#include "dialtone/sip/sdp/session_description.hpp"
#include "unit/dialog/session_fixture.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::dialog {
namespace {

using message::HeaderId;
using message::Message;
using test::reply;
using test::UaProbe;

CallOptions to_bob(bool delayed = false) {
    CallOptions o;
    o.target = "sip:bob@192.0.2.2:5060";
    o.media = test::audio_caps("192.0.2.1", 4000);
    o.delayed_offer = delayed;
    return o;
}

CallHandle place(UaProbe& alice, bool delayed = false) {
    CallHandle call;
    alice.input([&](auto& out) {
        auto h = alice.ua.invite(to_bob(delayed), alice.now, out);
        ASSERT_TRUE(h.ok());
        call = *h;
    });
    return call;
}

std::string branch_of(const Message& m) {
    auto v = m.top_via();
    return v.ok() ? std::string(v->branch) : std::string();
}

// §8.1.1: the headers every request we start carries.
TEST(UacCoreRfc3261_8_1_1, InviteConstruction) {
    UaProbe alice(test::alice_config());
    place(alice);
    ASSERT_EQ(alice.requests.size(), 1u);
    const Message inv = alice.requests[0].request;  // a copy: requests grows below
    EXPECT_EQ(inv.method_text(), "INVITE");
    EXPECT_EQ(inv.request_uri_text(), "sip:bob@192.0.2.2:5060");
    EXPECT_EQ(alice.requests[0].next_hop, "sip:bob@192.0.2.2:5060");
    auto from = inv.from();
    ASSERT_TRUE(from.ok());
    EXPECT_TRUE(from->has_tag);  // §8.1.1.3
    EXPECT_EQ(from->uri.text, "sip:alice@example.com");
    EXPECT_FALSE(inv.to()->has_tag);                                 // §8.1.1.2
    EXPECT_FALSE(inv.call_id().empty());                             // §8.1.1.4
    EXPECT_EQ(inv.header(HeaderId::CSeq), "1 INVITE");               // §8.1.1.5
    EXPECT_EQ(inv.header(HeaderId::MaxForwards), "70");              // §8.1.1.6
    EXPECT_TRUE(inv.top_via()->has_rfc3261_branch());                // §8.1.1.7
    EXPECT_TRUE(inv.top_via()->has_rport);                           // RFC 3581
    EXPECT_EQ(inv.contact()->uri.text, "sip:alice@192.0.2.1:5060");  // §8.1.1.8
    EXPECT_TRUE(message::contains_token(inv.header(HeaderId::Supported), "100rel"));
    EXPECT_TRUE(message::contains_token(inv.header(HeaderId::Supported), "timer"));
    EXPECT_TRUE(message::contains_token(inv.header(HeaderId::Allow), "UPDATE", true));
    EXPECT_EQ(inv.header(HeaderId::ContentType), "application/sdp");
    EXPECT_EQ(test::first_direction(inv.body()), sdp::Direction::SendRecv);
    // Two calls never share a Call-ID, tag or branch.
    place(alice);
    const Message second = alice.requests[1].request;
    EXPECT_NE(second.call_id(), inv.call_id());
    EXPECT_NE(second.from()->tag, from->tag);
    EXPECT_NE(branch_of(second), branch_of(inv));
}

// §8.1.2: the outbound proxy is a pre-loaded Route and the next hop.
TEST(UacCoreRfc3261_8_1_2, OutboundProxyIsPreloadedRoute) {
    UaConfig config = test::alice_config();
    config.outbound_proxy = "<sip:192.0.2.10:5060;lr>";
    UaProbe alice(config);
    place(alice);
    EXPECT_EQ(alice.requests[0].request.header(HeaderId::Route), "<sip:192.0.2.10:5060;lr>");
    EXPECT_EQ(alice.requests[0].next_hop, "sip:192.0.2.10:5060;lr");
}

// §8.1.3.5 / §22.2: a 407 is answered once with credentials: same Call-ID and From tag,
// CSeq + 1, a new branch; the ACK for the 2xx carries the same credentials (§13.2.2.4).
TEST(UacCoreRfc3261_8_1_3_5, RetryWithCredentialsAfter407) {
    UaConfig config = test::alice_config();
    config.credentials = auth::ClientCredentials{"alice", "secret", "", "", ""};
    UaProbe alice(config);
    place(alice);
    const Message first = alice.requests[0].request;
    alice.respond(0, reply(first, 407, "px", {},
                           {{"Proxy-Authenticate",
                             "Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\""}}));
    ASSERT_EQ(alice.requests.size(), 2u);
    const Message second = alice.requests[1].request;
    EXPECT_EQ(second.method_text(), "INVITE");
    EXPECT_EQ(second.call_id(), first.call_id());
    EXPECT_EQ(second.from()->tag, first.from()->tag);
    EXPECT_EQ(second.header(HeaderId::CSeq), "2 INVITE");
    EXPECT_NE(branch_of(second), branch_of(first));
    EXPECT_NE(second.header(HeaderId::ProxyAuthorization).find("username=\"alice\""),
              std::string_view::npos);
    EXPECT_EQ(second.body(), first.body());
    alice.respond(1, reply(second, 200, "b1", test::bob_answer(second)));
    ASSERT_EQ(alice.acks.size(), 1u);
    EXPECT_EQ(alice.acks[0].ack.header(HeaderId::CSeq), "2 ACK");
    EXPECT_EQ(alice.acks[0].ack.header(HeaderId::ProxyAuthorization),
              second.header(HeaderId::ProxyAuthorization));
    EXPECT_EQ(alice.events_of<Answered>().size(), 1u);
}

// §8.1.3.5: without credentials (or when they keep failing) the call fails with the status.
TEST(UacCoreRfc3261_8_1_3_5, ChallengeWithoutCredentialsEndsCall) {
    UaProbe alice(test::alice_config());
    CallHandle call = place(alice);
    const Message inv = alice.requests[0].request;
    alice.respond(0, reply(inv, 401, "x", {},
                           {{"WWW-Authenticate", "Digest realm=\"example.com\", nonce=\"n\""}}));
    EXPECT_EQ(alice.requests.size(), 1u);
    auto ended = alice.events_of<Ended>();
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].call, call);
    EXPECT_EQ(ended[0].reason, EndReason::Rejected);
    EXPECT_EQ(ended[0].status, 401);
    EXPECT_EQ(alice.ua.call_count(), 0u);
}

// §8.1.3.4: a 3xx is followed to its Contact with a new CSeq; with redirects off it ends
// the call.
TEST(UacCoreRfc3261_8_1_3_4, FollowsRedirect) {
    UaProbe alice(test::alice_config());
    place(alice);
    const Message inv = alice.requests[0].request;
    alice.respond(0, reply(inv, 302, "r1", {}, {{"Contact", "<sip:bob@192.0.2.9:5080>"}}));
    ASSERT_EQ(alice.requests.size(), 2u);
    EXPECT_EQ(alice.requests[1].request.request_uri_text(), "sip:bob@192.0.2.9:5080");
    EXPECT_EQ(alice.requests[1].next_hop, "sip:bob@192.0.2.9:5080");
    EXPECT_EQ(alice.requests[1].request.header(HeaderId::CSeq), "2 INVITE");
    EXPECT_EQ(alice.requests[1].request.call_id(), inv.call_id());

    UaConfig config = test::alice_config();
    config.max_redirects = 0;
    UaProbe strict(config);
    place(strict);
    strict.respond(0, reply(strict.requests[0].request, 302, "r1", {},
                            {{"Contact", "<sip:bob@192.0.2.9:5080>"}}));
    EXPECT_EQ(strict.requests.size(), 1u);
    ASSERT_EQ(strict.events_of<Ended>().size(), 1u);
    EXPECT_EQ(strict.events_of<Ended>()[0].status, 302);
}

// §13.2.2.4: the UAC core builds the ACK for a 2xx in the dialog (Route from the reversed
// Record-Route, Request-URI the Contact, CSeq number of the INVITE), and sends it again for
// every retransmission of that 2xx.
TEST(UacCoreRfc3261_13_2_2_4, AckFor2xxAndItsRetransmissions) {
    UaProbe alice(test::alice_config());
    place(alice);
    const Message inv = alice.requests[0].request;
    const Message ok = reply(inv, 200, "b1", test::bob_answer(inv),
                             {{"Record-Route", "<sip:192.0.2.20;lr>, <sip:192.0.2.10;lr>"}});
    alice.respond(0, ok);
    ASSERT_EQ(alice.acks.size(), 1u);
    const Message ack = alice.acks[0].ack;
    EXPECT_EQ(ack.method_text(), "ACK");
    EXPECT_EQ(ack.request_uri_text(), "sip:bob@192.0.2.2:5060");
    EXPECT_EQ(ack.header(HeaderId::CSeq), "1 ACK");
    EXPECT_EQ(ack.to()->tag, "b1");
    EXPECT_EQ(ack.call_id(), inv.call_id());
    EXPECT_NE(branch_of(ack), branch_of(inv));  // the ACK for a 2xx is its own transaction
    EXPECT_EQ(alice.acks[0].next_hop, "sip:192.0.2.10;lr");
    auto routes = ack.values(HeaderId::Route);
    std::string_view r1, r2;
    ASSERT_TRUE(routes.next(r1));
    ASSERT_TRUE(routes.next(r2));
    EXPECT_EQ(r1, "<sip:192.0.2.10;lr>");
    EXPECT_EQ(r2, "<sip:192.0.2.20;lr>");
    auto answered = alice.events_of<Answered>();
    ASSERT_EQ(answered.size(), 1u);
    ASSERT_EQ(answered[0].session.streams.size(), 1u);
    EXPECT_EQ(answered[0].session.streams[0].remote_rtp.port, 6000);
    // The 2xx again: the same ACK again, no second Answered.
    alice.respond(0, ok);
    ASSERT_EQ(alice.acks.size(), 2u);
    EXPECT_EQ(alice.acks[1].ack.to_string(), ack.to_string());
    EXPECT_EQ(alice.events_of<Answered>().size(), 1u);
    // After the INVITE transaction ended, a stray 2xx is ACKed too.
    alice.input([&](auto& out) {
        alice.ua.on_terminated(transaction::Terminated{alice.request_handles[0]});
        alice.ua.on_stray(transaction::Stray{ok, {}, transaction::StrayReason::NoTransaction},
                          alice.now, out);
    });
    EXPECT_EQ(alice.acks.size(), 3u);
}

// §9.1: CANCEL waits for a provisional response, then copies the INVITE's branch and CSeq
// number; the 487 that follows ends the call.
TEST(UacCoreRfc3261_9_1, CancelOnlyAfterProvisional) {
    UaProbe alice(test::alice_config());
    CallHandle call = place(alice);
    const Message inv = alice.requests[0].request;
    alice.input([&](auto& out) { EXPECT_EQ(alice.ua.hangup(call, alice.now, out), OpStatus::Ok); });
    EXPECT_EQ(alice.requests.size(), 1u);   // nothing yet: no provisional came
    alice.respond(0, reply(inv, 100, ""));  // any provisional will do
    ASSERT_EQ(alice.requests.size(), 2u);
    alice.respond(0, reply(inv, 180, "b1"));
    EXPECT_EQ(alice.requests.size(), 2u);  // one CANCEL only
    const Message cancel = alice.requests[1].request;
    EXPECT_EQ(cancel.method_text(), "CANCEL");
    EXPECT_EQ(branch_of(cancel), branch_of(inv));
    EXPECT_EQ(cancel.header(HeaderId::CSeq), "1 CANCEL");
    EXPECT_EQ(cancel.request_uri_text(), inv.request_uri_text());
    alice.respond(1, reply(cancel, 200, ""));
    alice.respond(0, reply(inv, 487, "b1"));
    auto ended = alice.events_of<Ended>();
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].reason, EndReason::LocalHangup);
    EXPECT_EQ(alice.ua.call_count(), 0u);
}

// §9.1 + §15: a 2xx that crosses our CANCEL is ACKed and the call ended with BYE.
TEST(UacCoreRfc3261_9_1, TwoHundredAfterCancelIsAckedThenByed) {
    UaProbe alice(test::alice_config());
    CallHandle call = place(alice);
    const Message inv = alice.requests[0].request;
    alice.respond(0, reply(inv, 180, "b1"));
    alice.input([&](auto& out) { alice.ua.hangup(call, alice.now, out); });
    alice.respond(0, reply(inv, 200, "b1", test::bob_answer(inv)));
    EXPECT_EQ(alice.acks.size(), 1u);
    ASSERT_EQ(alice.sent("BYE").size(), 1u);
    EXPECT_EQ(alice.sent("BYE")[0].to()->tag, "b1");
    EXPECT_TRUE(alice.events_of<Answered>().empty());
}

// §13.2.2.4: each 2xx of a forked INVITE makes its own dialog and is ACKed; the extra one is
// ended with BYE, the first stays.
TEST(UacCoreRfc3261_13_2_2_4, ForkedTwoHundredsEachAckedExtraByed) {
    UaProbe alice(test::alice_config());
    CallHandle call = place(alice);
    const Message inv = alice.requests[0].request;
    alice.respond(0, reply(inv, 180, "b1"));
    alice.respond(0, reply(inv, 180, "b2"));
    alice.respond(0, reply(inv, 200, "b1", test::bob_answer(inv)));
    alice.respond(0, reply(inv, 200, "b2", test::bob_answer(inv)));
    ASSERT_EQ(alice.acks.size(), 2u);
    EXPECT_EQ(alice.acks[0].ack.to()->tag, "b1");
    EXPECT_EQ(alice.acks[1].ack.to()->tag, "b2");
    auto byes = alice.sent("BYE");
    ASSERT_EQ(byes.size(), 1u);
    EXPECT_EQ(byes[0].to()->tag, "b2");
    auto info = alice.ua.call_info(call);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->state, CallState::Confirmed);
    EXPECT_EQ(info->dialog->remote_tag, "b1");
    EXPECT_EQ(alice.events_of<Answered>().size(), 1u);
}

// RFC 3262 §4: a reliable 1xx is PRACKed once (RAck = RSeq, CSeq, method), in its early
// dialog; its retransmission is not.
TEST(UacCoreRfc3262_4, PrackForReliableProvisional) {
    UaProbe alice(test::alice_config());
    place(alice);
    const Message inv = alice.requests[0].request;
    const Message ringing = reply(inv, 180, "b1", {}, {{"Require", "100rel"}, {"RSeq", "5"}});
    alice.respond(0, ringing);
    auto pracks = alice.sent("PRACK");
    ASSERT_EQ(pracks.size(), 1u);
    auto rack = message::parse_rack(pracks[0].header(HeaderId::RAck));
    ASSERT_TRUE(rack.ok());
    EXPECT_EQ(rack->rseq, 5u);
    EXPECT_EQ(rack->cseq, 1u);
    EXPECT_EQ(rack->method, message::Method::Invite);
    EXPECT_EQ(pracks[0].to()->tag, "b1");
    EXPECT_EQ(pracks[0].header(HeaderId::CSeq), "2 PRACK");
    EXPECT_EQ(pracks[0].request_uri_text(), "sip:bob@192.0.2.2:5060");
    alice.respond(0, ringing);  // retransmitted
    EXPECT_EQ(alice.sent("PRACK").size(), 1u);
    alice.respond(0, reply(inv, 183, "b1", {}, {{"Require", "100rel"}, {"RSeq", "6"}}));
    ASSERT_EQ(alice.sent("PRACK").size(), 2u);
    EXPECT_EQ(message::parse_rack(alice.sent("PRACK")[1].header(HeaderId::RAck))->rseq, 6u);
    // An unreliable 1xx gets none.
    alice.respond(0, reply(inv, 180, "b1"));
    EXPECT_EQ(alice.sent("PRACK").size(), 2u);
    EXPECT_EQ(alice.events_of<Progress>().size(), 3u);
}

// RFC 3262 §5: with a delayed offer, an offer in a reliable 1xx is answered in the PRACK,
// and the 2xx (without SDP) completes the call on that exchange.
TEST(UacCoreRfc3262_5, OfferInReliableProvisionalAnsweredInPrack) {
    UaProbe alice(test::alice_config());
    place(alice, true);
    const Message inv = alice.requests[0].request;
    alice.respond(0,
                  reply(inv, 183, "b1", test::bob_offer(), {{"Require", "100rel"}, {"RSeq", "1"}}));
    auto pracks = alice.sent("PRACK");
    ASSERT_EQ(pracks.size(), 1u);
    EXPECT_EQ(pracks[0].header(HeaderId::ContentType), "application/sdp");
    auto answer = sdp::SessionDescription::parse(pracks[0].body());
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->media[0].port, 4000);
    ASSERT_EQ(alice.events_of<Progress>().size(), 1u);
    EXPECT_TRUE(alice.events_of<Progress>()[0].early_media.has_value());
    alice.respond(0, reply(inv, 200, "b1"));
    ASSERT_EQ(alice.acks.size(), 1u);
    EXPECT_TRUE(alice.acks[0].ack.body().empty());
    ASSERT_EQ(alice.events_of<Answered>().size(), 1u);
    EXPECT_EQ(alice.events_of<Answered>()[0].session.streams[0].remote_rtp.port, 6000);
}

// §13.2.1: an answer in a 183 sets up early media; the 2xx without SDP completes the call
// on it.
TEST(UacCoreRfc3261_13_2_1, EarlyMediaFrom183) {
    UaProbe alice(test::alice_config());
    place(alice);
    const Message inv = alice.requests[0].request;
    alice.respond(0, reply(inv, 183, "b1", test::bob_answer(inv)));
    auto progress = alice.events_of<Progress>();
    ASSERT_EQ(progress.size(), 1u);
    EXPECT_EQ(progress[0].status, 183);
    ASSERT_TRUE(progress[0].early_media.has_value());
    EXPECT_EQ(progress[0].early_media->streams[0].remote_rtp.port, 6000);
    alice.respond(0, reply(inv, 200, "b1"));
    ASSERT_EQ(alice.events_of<Answered>().size(), 1u);
    EXPECT_EQ(alice.events_of<Answered>()[0].session.streams[0].remote_rtp.port, 6000);
}

// §13.2.1 delayed offer as UAC: no SDP in the INVITE, the 2xx offers, the ACK answers.
TEST(UacCoreRfc3261_13_2_1, DelayedOfferAnswerInAck) {
    UaProbe alice(test::alice_config());
    place(alice, true);
    const Message inv = alice.requests[0].request;
    EXPECT_TRUE(inv.body().empty());
    alice.respond(0, reply(inv, 200, "b1", test::bob_offer()));
    ASSERT_EQ(alice.acks.size(), 1u);
    const Message ack = alice.acks[0].ack;
    EXPECT_EQ(ack.header(HeaderId::ContentType), "application/sdp");
    auto answer = sdp::SessionDescription::parse(ack.body());
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->media[0].port, 4000);
    ASSERT_EQ(alice.events_of<Answered>().size(), 1u);
}

// §8.1.3.1 / §17.1.1.2: a timeout or a transport failure ends the call as 408 / 503.
TEST(UacCoreRfc3261_8_1_3_1, TimeoutAndTransportFailure) {
    UaProbe alice(test::alice_config());
    CallHandle a = place(alice);
    alice.input([&](auto& out) {
        alice.ua.on_timeout(
            transaction::Timeout{alice.request_handles[0], transaction::TimerName::B}, alice.now,
            out);
    });
    ASSERT_EQ(alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(alice.events_of<Ended>()[0].call, a);
    EXPECT_EQ(alice.events_of<Ended>()[0].reason, EndReason::Timeout);
    place(alice);
    alice.input(
        [&](auto& out) { alice.ua.on_request_failed(alice.requests[1].token, alice.now, out); });
    ASSERT_EQ(alice.events_of<Ended>().size(), 2u);
    EXPECT_EQ(alice.events_of<Ended>()[1].reason, EndReason::TransportError);
    EXPECT_EQ(alice.events_of<Ended>()[1].status, 503);
    EXPECT_EQ(alice.ua.call_count(), 0u);
}

// §15.1.1: hangup of an established call sends BYE in the dialog; its 200 removes the call.
TEST(UacCoreRfc3261_15_1_1, ByeEndsEstablishedCall) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uac(alice);
    alice.input([&](auto& out) { EXPECT_EQ(alice.ua.hangup(call, alice.now, out), OpStatus::Ok); });
    auto byes = alice.sent("BYE");
    ASSERT_EQ(byes.size(), 1u);
    EXPECT_EQ(byes[0].header(HeaderId::CSeq), "2 BYE");
    EXPECT_EQ(alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(alice.ua.call_count(), 1u);
    alice.respond(alice.requests.size() - 1, reply(byes[0], 200, ""));
    EXPECT_EQ(alice.ua.call_count(), 0u);
}

}  // namespace
}  // namespace dialtone::dialog
