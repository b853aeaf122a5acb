// Matching messages to transactions: responses by RFC 3261 §17.1.3, requests by §17.2.3
// (z9hG4bK branch + sent-by + method, and the RFC 2543 fallback), CANCEL by §9.2, and what
// matches nothing (strays, RFC 6026).

#include <gtest/gtest.h>

#include "dialtone/sip/transaction/make_cancel.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"
#include "unit/transaction/test_util.hpp"

namespace dialtone::transaction {
namespace {

using message::Message;
using namespace testing_util;

test::RequestSpec invite_spec(std::string branch = "z9hG4bK-m-1") {
    test::RequestSpec s;
    s.method = "INVITE";
    s.branch = std::move(branch);
    return s;
}

class ClientTransactionMatching : public ::testing::Test {
  protected:
    test::SimClock clock;
    test::LayerDriver uac{clock, kUdpClient};
};

TEST_F(ClientTransactionMatching, Rfc3261_17_1_3_ResponseWithUnknownBranchIsStray) {
    const Message invite = test::make_request(invite_spec());
    uac.send_request(invite, kUdpServer);
    test::RequestSpec other = invite_spec("z9hG4bK-other");
    uac.receive(test::make_response(test::make_request(other), 200, "t"), kUdpServer);
    ASSERT_EQ(uac.strays().size(), 1u);
    EXPECT_EQ(uac.strays()[0].reason, StrayReason::NoTransaction);
    EXPECT_EQ(uac.strays()[0].source, kUdpServer);
    EXPECT_EQ(uac.strays()[0].message.status(), 200);
    EXPECT_TRUE(uac.responses().empty());
}

TEST_F(ClientTransactionMatching, Rfc3261_17_1_3_CSeqMethodMustMatchTheTransactionsMethod) {
    const Message invite = test::make_request(invite_spec());
    const ClientHandle h = uac.send_request(invite, kUdpServer);
    // Same branch, CSeq method CANCEL: a response to a CANCEL, not to this INVITE.
    test::RequestSpec cancel = invite_spec();
    cancel.method = "CANCEL";
    uac.receive(test::make_response(test::make_request(cancel), 200, "t"), kUdpServer);
    EXPECT_EQ(uac.strays().size(), 1u);
    EXPECT_EQ(uac.layer().state(h), State::Calling);
}

TEST_F(ClientTransactionMatching, Rfc3261_9_1_CancelIsItsOwnClientTransactionOnTheSameBranch) {
    const Message invite = test::make_request(invite_spec());
    const ClientHandle inv = uac.send_request(invite, kUdpServer);
    uac.receive(test::make_response(invite, 180, "t"), kUdpServer);
    const Message cancel = make_cancel(*uac.layer().request(inv));
    const ClientHandle can = uac.send_request(cancel, kUdpServer);
    ASSERT_TRUE(can);
    EXPECT_NE(can, inv);
    EXPECT_EQ(uac.layer().size(), 2u);
    uac.receive(test::make_response(cancel, 200, "t"), kUdpServer);
    EXPECT_EQ(uac.layer().state(can), State::Completed);
    EXPECT_EQ(uac.layer().state(inv), State::Proceeding);
    uac.receive(test::make_response(invite, 487, "t"), kUdpServer);
    EXPECT_EQ(uac.layer().state(inv), State::Completed);
    ASSERT_EQ(uac.responses().size(), 3u);
    EXPECT_EQ(uac.responses()[1].txn, can);
    EXPECT_EQ(uac.responses()[2].txn, inv);
}

TEST_F(ClientTransactionMatching, Rfc3261_7_3_1_BranchComparesCaseInsensitively) {
    const Message invite = test::make_request(invite_spec("z9hG4bK-MiXeD"));
    const ClientHandle h = uac.send_request(invite, kUdpServer);
    uac.receive(test::make_response(test::make_request(invite_spec("z9hG4bK-mixed")), 180),
                kUdpServer);
    EXPECT_EQ(uac.layer().state(h), State::Proceeding);
}

TEST_F(ClientTransactionMatching, Rfc3261_17_1_3_UnreadableResponsesAreStraysNotCrashes) {
    uac.send_request(test::make_request(invite_spec()), kUdpServer);
    const char* no_via =
        "SIP/2.0 200 OK\r\nTo: <sip:b@x>;tag=1\r\nFrom: <sip:a@x>;tag=2\r\nCall-ID: c\r\n"
        "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    const char* no_branch =
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1\r\nTo: <sip:b@x>;tag=1\r\n"
        "From: <sip:a@x>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    const char* no_cseq =
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-m-1\r\n"
        "To: <sip:b@x>;tag=1\r\nFrom: <sip:a@x>;tag=2\r\nCall-ID: c\r\nContent-Length: 0\r\n\r\n";
    for (const char* text : {no_via, no_branch, no_cseq})
        uac.receive(test::parse(text), kUdpServer);
    ASSERT_EQ(uac.strays().size(), 3u);
    for (const Stray& s : uac.strays())
        EXPECT_EQ(s.reason, StrayReason::Unmatchable);
    EXPECT_TRUE(uac.responses().empty());
}

class ServerTransactionMatching : public ::testing::Test {
  protected:
    ServerHandle last() const {
        return uas.requests().empty() ? ServerHandle{} : uas.requests().back().txn;
    }

    test::SimClock clock;
    test::LayerDriver uas{clock, kUdpServer};
};

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_SameBranchFromAnotherSentByIsAnotherTransaction) {
    test::RequestSpec a = invite_spec();
    test::RequestSpec b = invite_spec();
    b.via.ip = "192.0.2.99";
    uas.receive(test::make_request(a), kUdpClient);
    uas.receive(test::make_request(b), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 2u);
    EXPECT_EQ(uas.layer().size(), 2u);
    // Same host, other port: another sent-by too.
    b = invite_spec();
    b.via.port = 5070;
    uas.receive(test::make_request(b), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 3u);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_SentByHostComparesCaseInsensitively) {
    test::RequestSpec a = invite_spec();
    a.via.ip = "pc33.Atlanta.example.com";
    uas.receive(test::make_request(a), kUdpClient);
    a.via.ip = "PC33.atlanta.EXAMPLE.com";
    uas.receive(test::make_request(a), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 1u);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_SameBranchOtherMethodIsAnotherTransaction) {
    test::RequestSpec a = invite_spec();
    test::RequestSpec b = invite_spec();
    b.method = "OPTIONS";
    uas.receive(test::make_request(a), kUdpClient);
    uas.receive(test::make_request(b), kUdpClient);
    ASSERT_EQ(uas.requests().size(), 2u);
    EXPECT_NE(uas.requests()[0].txn, uas.requests()[1].txn);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_AckMatchesTheInviteOnlyWithItsSentBy) {
    const Message invite = test::make_request(invite_spec());
    uas.receive(invite, kUdpClient);
    const ServerHandle h = last();
    uas.send_response(h, test::make_response(invite, 486, "u"));
    test::RequestSpec ack = invite_spec();
    ack.method = "ACK";
    ack.to_tag = "u";
    ack.via.port = 5999;  // another sent-by: not this transaction's ACK
    uas.receive(test::make_request(ack), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Completed);
    ASSERT_EQ(uas.strays().size(), 1u);
    EXPECT_EQ(uas.strays()[0].reason, StrayReason::AckWithoutTransaction);
    ack.via.port = 5060;
    uas.receive(test::make_request(ack), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Confirmed);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_1_1_3_AckForA2xxHasItsOwnBranchAndIsStray) {
    const Message invite = test::make_request(invite_spec());
    uas.receive(invite, kUdpClient);
    uas.send_response(last(), test::make_response(invite, 200, "u"));
    test::RequestSpec ack = invite_spec("z9hG4bK-ack-for-2xx");
    ack.method = "ACK";
    ack.to_tag = "u";
    uas.receive(test::make_request(ack), kUdpClient);
    ASSERT_EQ(uas.strays().size(), 1u);
    EXPECT_EQ(uas.strays()[0].reason, StrayReason::AckWithoutTransaction);
    EXPECT_EQ(uas.strays()[0].message.method_text(), "ACK");
    EXPECT_EQ(uas.strays()[0].source, kUdpClient);
    EXPECT_EQ(uas.requests().size(), 1u);
}

TEST_F(ServerTransactionMatching, Rfc3261_9_2_CancelIsANewTransactionNamingTheInviteItMatches) {
    const Message invite = test::make_request(invite_spec());
    uas.receive(invite, kUdpClient);
    const ServerHandle inv = last();
    const Message cancel = test::parse(make_cancel(invite).to_string());
    uas.receive(cancel, kUdpClient);
    ASSERT_EQ(uas.requests().size(), 2u);
    const DeliverRequest r = uas.requests()[1];
    EXPECT_EQ(r.request->method_text(), "CANCEL");
    EXPECT_NE(r.txn, inv);
    EXPECT_EQ(r.cancels, inv);
    EXPECT_EQ(uas.layer().state(r.txn), State::Trying);  // a non-INVITE server transaction
    // A retransmitted CANCEL is the CANCEL transaction's, not a new request.
    uas.receive(cancel, kUdpClient);
    EXPECT_EQ(uas.requests().size(), 2u);
    // The CANCEL is answered on its own transaction; the INVITE is untouched by it.
    uas.send_response(r.txn, test::make_response(cancel, 200));
    EXPECT_EQ(uas.layer().state(inv), State::Proceeding);
}

TEST_F(ServerTransactionMatching, Rfc3261_9_2_CancelWithoutInviteNamesNone) {
    test::RequestSpec s = invite_spec("z9hG4bK-nothing-here");
    s.method = "CANCEL";
    uas.receive(test::make_request(s), kUdpClient);
    ASSERT_EQ(uas.requests().size(), 1u);
    EXPECT_FALSE(uas.requests()[0].cancels);  // the TU answers 481
}

TEST_F(ServerTransactionMatching, Rfc3261_9_2_CancelStillNamesAnInviteThatWasAnswered) {
    const Message invite = test::make_request(invite_spec());
    uas.receive(invite, kUdpClient);
    const ServerHandle inv = last();
    uas.send_response(inv, test::make_response(invite, 486, "u"));
    uas.receive(test::parse(make_cancel(invite).to_string()), kUdpClient);
    EXPECT_EQ(uas.requests().back().cancels, inv);  // the TU answers 200 and does nothing
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_RequestWithoutReadableViaIsUnmatchable) {
    const char* no_via =
        "OPTIONS sip:b@x SIP/2.0\r\nMax-Forwards: 70\r\nTo: <sip:b@x>\r\nFrom: <sip:a@x>;tag=2\r\n"
        "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    uas.receive(test::parse(no_via), kUdpClient);
    ASSERT_EQ(uas.strays().size(), 1u);
    EXPECT_EQ(uas.strays()[0].reason, StrayReason::Unmatchable);
    EXPECT_EQ(uas.layer().size(), 0u);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_CookieBranchNeedsNoCSeqToMatch) {
    // Matching needs only the Via; the TU validates the rest and answers 400 statefully.
    const char* no_cseq =
        "OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-nocseq\r\n"
        "Max-Forwards: 70\r\nTo: <sip:b@x>\r\nFrom: <sip:a@x>;tag=2\r\nCall-ID: c\r\n"
        "Content-Length: 0\r\n\r\n";
    uas.receive(test::parse(no_cseq), kUdpClient);
    ASSERT_EQ(uas.requests().size(), 1u);
    uas.receive(test::parse(no_cseq), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 1u);
}

// --- RFC 2543 fallback (§17.2.3): branch absent or without the magic cookie ---

test::RequestSpec old_invite() {
    test::RequestSpec s = invite_spec("");
    s.call_id = "2543-call@192.0.2.1";
    s.cseq = 7;
    return s;
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_Rfc2543RetransmissionMatchesByAllItsFields) {
    const Message invite = test::make_request(old_invite());
    uas.receive(invite, kUdpClient);
    const ServerHandle h = last();
    uas.receive(invite, kUdpClient);  // identical: a retransmission
    EXPECT_EQ(uas.requests().size(), 1u);
    uas.send_response(h, test::make_response(invite, 486, "u"));
    uas.receive(invite, kUdpClient);
    EXPECT_EQ(send_times(uas, "486").size(), 2u);  // the final is re-sent
    // §19.1.4 URI equality: host case does not matter.
    test::RequestSpec s = old_invite();
    s.request_uri = "sip:bob@EXAMPLE.COM";
    uas.receive(test::make_request(s), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 1u);
    EXPECT_EQ(send_times(uas, "486").size(), 3u);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_Rfc2543AnyDifferingFieldMakesANewTransaction) {
    uas.receive(test::make_request(old_invite()), kUdpClient);
    std::vector<test::RequestSpec> variants(6, old_invite());
    variants[0].request_uri = "sip:carol@example.com";
    variants[1].from_tag = "other-from";
    variants[2].call_id = "other-call@192.0.2.1";
    variants[3].cseq = 8;
    variants[4].via.port = 5080;  // top Via differs
    variants[5].to_tag = "sometag";
    for (const test::RequestSpec& v : variants)
        uas.receive(test::make_request(v), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 7u);
    EXPECT_EQ(uas.layer().size(), 7u);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_Rfc2543BranchWithoutCookieUsesTheFallback) {
    test::RequestSpec s = old_invite();
    s.branch = "1234abcd";  // not z9hG4bK: matching ignores it as a key
    uas.receive(test::make_request(s), kUdpClient);
    uas.receive(test::make_request(s), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 1u);
    test::RequestSpec t = s;
    t.branch = "9999";  // but it is part of the top Via, which must match
    uas.receive(test::make_request(t), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 2u);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_Rfc2543AckMatchesByTheToTagOfTheResponseSent) {
    const Message invite = test::make_request(old_invite());
    uas.receive(invite, kUdpClient);
    const ServerHandle h = last();
    uas.send_response(h, test::make_response(invite, 486, "resp-tag"));
    test::RequestSpec ack = old_invite();
    ack.method = "ACK";
    ack.to_tag = "wrong-tag";
    uas.receive(test::make_request(ack), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Completed);
    EXPECT_EQ(uas.strays().size(), 1u);
    ack.to_tag = "RESP-TAG";  // tags are tokens: case-insensitive
    uas.receive(test::make_request(ack), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Confirmed);
    EXPECT_EQ(uas.strays().size(), 1u);
}

TEST_F(ServerTransactionMatching, Rfc3261_9_2_Rfc2543CancelMatchesTheInvite) {
    const Message invite = test::make_request(old_invite());
    uas.receive(invite, kUdpClient);
    const ServerHandle inv = last();
    test::RequestSpec c = old_invite();
    c.method = "CANCEL";
    uas.receive(test::make_request(c), kUdpClient);
    ASSERT_EQ(uas.requests().size(), 2u);
    EXPECT_EQ(uas.requests()[1].cancels, inv);
    c.request_uri = "sip:someone-else@example.com";
    uas.receive(test::make_request(c), kUdpClient);
    ASSERT_EQ(uas.requests().size(), 3u);
    EXPECT_FALSE(uas.requests()[2].cancels);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_Rfc2543WithoutCallIdIsUnmatchable) {
    const char* text =
        "OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1\r\nMax-Forwards: 70\r\n"
        "To: <sip:b@x>\r\nFrom: <sip:a@x>\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    uas.receive(test::parse(text), kUdpClient);
    ASSERT_EQ(uas.strays().size(), 1u);
    EXPECT_EQ(uas.strays()[0].reason, StrayReason::Unmatchable);
}

TEST_F(ServerTransactionMatching, Rfc3261_17_2_3_Rfc2543WithoutFromTagStillMatches) {
    test::RequestSpec s = old_invite();
    s.from_tag = "";  // RFC 2543 did not require From tags
    uas.receive(test::make_request(s), kUdpClient);
    uas.receive(test::make_request(s), kUdpClient);
    EXPECT_EQ(uas.requests().size(), 1u);
}

}  // namespace
}  // namespace dialtone::transaction
