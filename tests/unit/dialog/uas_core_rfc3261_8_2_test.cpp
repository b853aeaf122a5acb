// RFC 3261 §8.2 (UAS core checks), §12.2.2 (481, 500), §13.3 (answering INVITE, 2xx
// retransmission until ACK, §13.3.1.4), §9.2 (CANCEL), §15.1.2 (BYE), RFC 3262 §3
// (reliable provisionals as UAS).

#include <gtest/gtest.h>

#include "dialtone/sip/message/rack.hpp"
#include "dialtone/sip/message/token_list.hpp"
#include "unit/dialog/session_fixture.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::dialog {
namespace {

using message::HeaderId;
using message::Message;
using test::UaProbe;
using transaction::at_ms;

Message plain(std::string_view method, std::string extra = {}, std::string to_tag = {}) {
    test::RequestSpec spec;
    spec.method = std::string(method);
    spec.request_uri = "sip:alice@192.0.2.1:5060";
    spec.extra_headers = std::move(extra);
    spec.to_tag = std::move(to_tag);
    return test::make_request(spec);
}

// §8.2.1: 405 with Allow for a method we do not handle.
TEST(UasCoreRfc3261_8_2_1, MethodNotAllowed) {
    UaProbe alice(test::alice_config());
    alice.receive(plain("SUBSCRIBE", "Event: presence\r\n"));
    ASSERT_EQ(alice.responses.size(), 1u);
    const Message r = alice.responses[0].response;
    EXPECT_EQ(r.status(), 405);
    EXPECT_TRUE(message::contains_token(r.header(HeaderId::Allow), "INVITE", true));
    EXPECT_TRUE(message::contains_token(r.header(HeaderId::Allow), "BYE", true));
}

// §8.2.2.3: 420 listing the option-tags of Require we lack.
TEST(UasCoreRfc3261_8_2_2_3, UnsupportedExtension) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite(test::bob_offer(), {{"Require", "timer, foo, bar"}}));
    ASSERT_EQ(alice.responses.size(), 1u);
    EXPECT_EQ(alice.responses[0].response.status(), 420);
    EXPECT_EQ(alice.responses[0].response.header(HeaderId::Unsupported), "foo, bar");
    EXPECT_TRUE(alice.events_of<IncomingCall>().empty());
}

// §8.2.3: 415 with Accept for a body we cannot read.
TEST(UasCoreRfc3261_8_2_3, UnsupportedMediaType) {
    UaProbe alice(test::alice_config());
    Message inv = test::bob_invite({});
    inv.set_body("hello", "text/plain");
    alice.receive(test::parse(inv.to_string()));
    ASSERT_EQ(alice.responses.size(), 1u);
    EXPECT_EQ(alice.responses[0].response.status(), 415);
    EXPECT_EQ(alice.responses[0].response.header(HeaderId::Accept), "application/sdp");
}

// §12.2.2: a request with a To tag that names no dialog gets 481; OPTIONS outside a dialog
// gets 200 with our capabilities.
TEST(UasCoreRfc3261_12_2_2, UnknownDialogGets481) {
    UaProbe alice(test::alice_config());
    alice.receive(plain("BYE", {}, "nosuch"));
    alice.receive(plain("INFO", {}, "nosuch"));
    alice.receive(plain("OPTIONS"));
    ASSERT_EQ(alice.responses.size(), 3u);
    EXPECT_EQ(alice.responses[0].response.status(), 481);
    EXPECT_EQ(alice.responses[1].response.status(), 481);
    EXPECT_EQ(alice.responses[2].response.status(), 200);
    EXPECT_TRUE(alice.responses[2].response.has(HeaderId::Allow));
}

// §12.2.2: in a dialog, a CSeq lower than the last one is answered 500.
TEST(UasCoreRfc3261_12_2_2, LowerCSeqGets500) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    alice.clear();
    alice.receive(test::bob_in_dialog(alice.ua, call, "INFO", 5));
    alice.receive(test::bob_in_dialog(alice.ua, call, "INFO", 3));
    ASSERT_EQ(alice.responses.size(), 2u);
    EXPECT_EQ(alice.responses[0].response.status(), 200);
    EXPECT_EQ(alice.responses[1].response.status(), 500);
}

// §13.3.1 / §12.1.1: the 2xx carries our To tag, Contact, the request's Record-Route and
// the answer; the ACK completes the call.
TEST(UasCoreRfc3261_13_3_1, AnswerBuildsDialogResponse) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite(test::bob_offer(), {{"Record-Route", "<sip:192.0.2.10;lr>"}}));
    auto incoming = alice.events_of<IncomingCall>();
    ASSERT_EQ(incoming.size(), 1u);
    EXPECT_TRUE(incoming[0].has_offer);
    alice.input([&](auto& out) {
        EXPECT_EQ(alice.ua.ringing(incoming[0].call, alice.now, out), OpStatus::Ok);
        EXPECT_EQ(
            alice.ua.answer(incoming[0].call, test::audio_caps("192.0.2.1", 4000), alice.now, out),
            OpStatus::Ok);
    });
    ASSERT_EQ(alice.responses.size(), 2u);
    const Message ringing = alice.responses[0].response;
    const Message ok = alice.responses[1].response;
    EXPECT_EQ(ringing.status(), 180);
    EXPECT_EQ(ok.status(), 200);
    EXPECT_TRUE(ok.to()->has_tag);
    EXPECT_EQ(ok.to()->tag, ringing.to()->tag);  // one dialog, one tag
    EXPECT_EQ(ok.contact()->uri.text, "sip:alice@192.0.2.1:5060");
    EXPECT_EQ(ok.header(HeaderId::RecordRoute), "<sip:192.0.2.10;lr>");
    EXPECT_EQ(test::first_direction(ok.body()), sdp::Direction::SendRecv);
    EXPECT_EQ(alice.ua.call_info(incoming[0].call)->state, CallState::Answering);
    alice.receive_ack(test::bob_in_dialog(alice.ua, incoming[0].call, "ACK", 1));
    EXPECT_EQ(alice.ua.call_info(incoming[0].call)->state, CallState::Confirmed);
    ASSERT_EQ(alice.events_of<Answered>().size(), 1u);
    EXPECT_EQ(alice.events_of<Answered>()[0].session.streams[0].remote_rtp.port, 6000);
}

// §13.3.1.4: the 2xx is re-sent at T1, then doubling up to T2, until the ACK; at 64*T1
// without one, the call is ended with BYE.
TEST(UasCoreRfc3261_13_3_1_4, TwoHundredRetransmittedUntilGiveUp) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite(test::bob_offer()));
    const CallHandle call = alice.events_of<IncomingCall>()[0].call;
    alice.input([&](auto& out) {
        alice.ua.answer(call, test::audio_caps("192.0.2.1", 4000), alice.now, out);
    });
    alice.advance(transaction::Duration(40000));
    std::vector<std::int64_t> at;
    for (std::size_t i = 0; i < alice.responses.size(); ++i) {
        EXPECT_EQ(alice.responses[i].response.status(), 200);
        EXPECT_EQ(alice.responses[i].retransmission, i > 0);
        at.push_back(alice.response_times[i].time_since_epoch().count());
    }
    EXPECT_EQ(at, (std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500,
                                             27500, 31500}));
    auto byes = alice.sent("BYE");
    ASSERT_EQ(byes.size(), 1u);
    auto ended = alice.events_of<Ended>();
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].reason, EndReason::Timeout);
    EXPECT_TRUE(alice.events_of<Answered>().empty());
}

// §13.3.1.4: the ACK stops the retransmissions.
TEST(UasCoreRfc3261_13_3_1_4, AckStopsRetransmission) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite(test::bob_offer()));
    const CallHandle call = alice.events_of<IncomingCall>()[0].call;
    alice.input([&](auto& out) {
        alice.ua.answer(call, test::audio_caps("192.0.2.1", 4000), alice.now, out);
    });
    alice.advance(transaction::Duration(600));
    EXPECT_EQ(alice.responses.size(), 2u);
    alice.receive_ack(test::bob_in_dialog(alice.ua, call, "ACK", 1));
    alice.advance(transaction::Duration(60000));
    EXPECT_EQ(alice.responses.size(), 2u);
    EXPECT_TRUE(alice.sent("BYE").empty());
    EXPECT_FALSE(alice.timer_pending());
}

// §9.2: CANCEL of an unanswered INVITE: 200 to the CANCEL, 487 to the INVITE; a CANCEL that
// matches nothing gets 481.
TEST(UasCoreRfc3261_9_2, CancelBeforeAnswer) {
    UaProbe alice(test::alice_config());
    const auto invite_txn = alice.receive(test::bob_invite(test::bob_offer()));
    Message cancel = test::parse(
        "CANCEL sip:alice@192.0.2.1:5060 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-bob-1\r\nMax-Forwards: 70\r\n"
        "From: Alice <sip:alice@example.com>;tag=b9\r\nTo: Bob <sip:bob@example.com>\r\n"
        "Call-ID: bobcall\r\nCSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
    alice.receive(cancel, invite_txn);
    ASSERT_EQ(alice.responses.size(), 2u);
    EXPECT_EQ(alice.responses[0].response.status(), 200);
    EXPECT_EQ(alice.responses[1].response.status(), 487);
    EXPECT_EQ(alice.responses[1].txn, invite_txn);
    ASSERT_EQ(alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(alice.events_of<Ended>()[0].reason, EndReason::Cancelled);
    alice.receive(cancel, {});
    EXPECT_EQ(alice.responses.back().response.status(), 481);
    // One that matches a transaction already answered has no effect, and gets 200.
    alice.receive(cancel, invite_txn);
    EXPECT_EQ(alice.responses.back().response.status(), 200);
}

// §15.1.2: BYE gets 200 and ends the call.
TEST(UasCoreRfc3261_15_1_2, ByeFromPeer) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    alice.clear();
    alice.receive(test::bob_in_dialog(alice.ua, call, "BYE", 2));
    ASSERT_EQ(alice.responses.size(), 1u);
    EXPECT_EQ(alice.responses[0].response.status(), 200);
    ASSERT_EQ(alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(alice.events_of<Ended>()[0].reason, EndReason::RemoteHangup);
    EXPECT_EQ(alice.ua.call_count(), 0u);
}

// §13.3.1 delayed offer as UAS: our 2xx offers, the ACK answers.
TEST(UasCoreRfc3261_13_3_1, DelayedOfferOfferIn2xx) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite({}));
    auto incoming = alice.events_of<IncomingCall>();
    ASSERT_EQ(incoming.size(), 1u);
    EXPECT_FALSE(incoming[0].has_offer);
    alice.input([&](auto& out) {
        alice.ua.answer(incoming[0].call, test::audio_caps("192.0.2.1", 4000), alice.now, out);
    });
    const Message ok = alice.responses.back().response;
    ASSERT_EQ(ok.status(), 200);
    ASSERT_FALSE(ok.body().empty());
    alice.receive_ack(
        test::bob_in_dialog(alice.ua, incoming[0].call, "ACK", 1, test::bob_answer(ok)));
    ASSERT_EQ(alice.events_of<Answered>().size(), 1u);
    EXPECT_EQ(alice.events_of<Answered>()[0].session.streams[0].remote_rtp.port, 6000);
}

// §13.3.1.3: an offer we cannot take is answered 488 and the call ends.
TEST(UasCoreRfc3261_13_3_1_3, UnacceptableOfferGets488) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite(test::bob_offer()));
    const CallHandle call = alice.events_of<IncomingCall>()[0].call;
    sdp::MediaCapabilities video_only;
    video_only.address = "192.0.2.1";
    sdp::StreamCapabilities video;
    video.media = "video";
    video.port = 5000;
    video.codecs.push_back(sdp::Codec{"H264", 90000, 1, 96, ""});
    video_only.streams.push_back(video);
    alice.input([&](auto& out) {
        EXPECT_EQ(alice.ua.answer(call, video_only, alice.now, out), OpStatus::NotAcceptable);
    });
    EXPECT_EQ(alice.responses.back().response.status(), 488);
    EXPECT_EQ(alice.ua.call_count(), 0u);
}

// RFC 3262 §3: when the INVITE requires 100rel our 1xx carries Require and RSeq, is re-sent
// from T1 doubling until the PRACK, which gets 200.
TEST(UasCoreRfc3262_3, ReliableProvisionalUntilPrack) {
    UaProbe alice(test::alice_config());
    alice.receive(test::bob_invite(test::bob_offer(), {{"Require", "100rel"}}));
    const CallHandle call = alice.events_of<IncomingCall>()[0].call;
    alice.input([&](auto& out) { alice.ua.ringing(call, alice.now, out); });
    ASSERT_EQ(alice.responses.size(), 1u);
    const Message ringing = alice.responses[0].response;
    EXPECT_TRUE(message::contains_token(ringing.header(HeaderId::Require), "100rel"));
    auto rseq = message::parse_rseq(ringing.header(HeaderId::RSeq));
    ASSERT_TRUE(rseq.ok());
    alice.advance(transaction::Duration(1600));
    ASSERT_EQ(alice.responses.size(), 3u);  // at 500 and 1500
    EXPECT_TRUE(alice.responses[2].retransmission);
    Message prack =
        test::bob_in_dialog(alice.ua, call, "PRACK", 2, {},
                            test::Headers{{"RAck", std::to_string(*rseq) + " 1 INVITE"}});
    alice.receive(prack);
    EXPECT_EQ(alice.responses.back().response.status(), 200);
    EXPECT_EQ(alice.responses.back().response.header(HeaderId::CSeq), "2 PRACK");
    const std::size_t count = alice.responses.size();
    alice.advance(transaction::Duration(10000));
    EXPECT_EQ(alice.responses.size(), count);
    // A PRACK for an RSeq we never sent.
    alice.receive(
        test::bob_in_dialog(alice.ua, call, "PRACK", 3, {},
                            test::Headers{{"RAck", std::to_string(*rseq + 9) + " 1 INVITE"}}));
    EXPECT_EQ(alice.responses.back().response.status(), 481);
}

// RFC 3262 §3: without 100rel support configured, an INVITE requiring it gets 420.
TEST(UasCoreRfc3262_3, RequireWithoutSupportGets420) {
    UaConfig config = test::alice_config();
    config.reliable_provisionals = false;
    UaProbe alice(config);
    alice.receive(test::bob_invite(test::bob_offer(), {{"Require", "100rel"}}));
    ASSERT_EQ(alice.responses.size(), 1u);
    EXPECT_EQ(alice.responses[0].response.status(), 420);
    EXPECT_EQ(alice.responses[0].response.header(HeaderId::Unsupported), "100rel");
}

// INFO with application/dtmf-relay reports the digit and duration (RFC 6086 usage).
TEST(UasCoreInfo, DtmfRelayReported) {
    UaProbe alice(test::alice_config());
    CallHandle call = test::established_uas(alice);
    Message info = test::bob_in_dialog(alice.ua, call, "INFO", 2);
    info.set_body("Signal=5\r\nDuration=160\r\n", "application/dtmf-relay");
    alice.receive(test::parse(info.to_string()));
    EXPECT_EQ(alice.responses.back().response.status(), 200);
    auto dtmf = alice.events_of<DtmfInfo>();
    ASSERT_EQ(dtmf.size(), 1u);
    EXPECT_EQ(dtmf[0].digit, '5');
    EXPECT_EQ(dtmf[0].duration_ms, 160u);
}

}  // namespace
}  // namespace dialtone::dialog
