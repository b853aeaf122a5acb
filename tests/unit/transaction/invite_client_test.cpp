// INVITE client transaction: RFC 3261 §17.1.1 (Figure 5) with RFC 6026 §7.2 (Accepted,
// Timer M). Driven on a fake clock.

#include <gtest/gtest.h>

#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"
#include "unit/transaction/test_util.hpp"

namespace dialtone::transaction {
namespace {

using message::HeaderId;
using message::Message;
using namespace testing_util;

class InviteClientTransaction : public ::testing::Test {
  protected:
    test::RequestSpec spec() const {
        test::RequestSpec s;
        s.method = "INVITE";
        s.branch = "z9hG4bK-inv-1";
        s.routes = {"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"};
        return s;
    }
    ClientHandle start(const transport::Endpoint& to = kUdpServer) {
        invite = test::make_request(spec());
        return uac.send_request(invite, to);
    }
    void reply(int status, std::string_view tag = "uas-1") {
        uac.receive(test::make_response(invite, status, tag), kUdpServer);
    }

    test::SimClock clock;
    test::LayerDriver uac{clock, kUdpClient};
    Message invite = Message::response(500);
};

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_UdpRetransmitsOnTimerAAndTimesOutOnTimerB) {
    const ClientHandle h = start();
    ASSERT_TRUE(h);
    EXPECT_EQ(uac.layer().state(h), State::Calling);
    clock.advance_to(at_ms(40'000));
    // Timer A doubles without a cap: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; Timer B = 64*T1.
    EXPECT_EQ(send_times(uac, "INVITE"),
              (std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 15500, 31500}));
    ASSERT_EQ(uac.timeouts().size(), 1u);
    EXPECT_EQ(uac.timeouts()[0].timer, TimerName::B);
    EXPECT_EQ(std::get<ClientHandle>(uac.timeouts()[0].txn), h);
    ASSERT_EQ(uac.terminations().size(), 1u);
    EXPECT_EQ(ms(uac.tu_events().back().at), 32'000);
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
    EXPECT_EQ(uac.layer().size(), 0u);
    EXPECT_EQ(uac.timers_pending(), 0u);
    // Every send after the first is a retransmission of the same bytes.
    ASSERT_EQ(uac.sent().size(), 7u);
    EXPECT_FALSE(uac.sent()[0].retransmission);
    for (std::size_t i = 1; i < uac.sent().size(); ++i) {
        EXPECT_TRUE(uac.sent()[i].retransmission);
        EXPECT_EQ(uac.sent()[i].bytes, uac.sent()[0].bytes);
        EXPECT_EQ(uac.sent()[i].destination, kUdpServer);
    }
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_1_TimersFollowAConfiguredT1) {
    LayerConfig config;
    config.timers.t1 = Duration(100);
    test::LayerDriver fast(clock, kUdpClient, config);
    invite = test::make_request(spec());
    fast.send_request(invite, kUdpServer);
    clock.advance_to(at_ms(10'000));
    EXPECT_EQ(send_times(fast, "INVITE"),
              (std::vector<std::int64_t>{0, 100, 300, 700, 1500, 3100, 6300}));
    ASSERT_EQ(fast.timeouts().size(), 1u);
    EXPECT_EQ(ms(fast.tu_events().front().at), 6'400);  // Timer B = 64*T1
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_ReliableTransportStartsNoTimerA) {
    test::LayerDriver tcp(clock, kTcpClient);
    invite = test::make_request(spec());
    const ClientHandle h = tcp.send_request(invite, kTcpServer);
    EXPECT_FALSE(tcp.timer_pending(TimerName::A));
    EXPECT_TRUE(tcp.timer_pending(TimerName::B));
    clock.advance_to(at_ms(40'000));
    EXPECT_EQ(send_times(tcp, "INVITE"), (std::vector<std::int64_t>{0}));
    ASSERT_EQ(tcp.timeouts().size(), 1u);  // Timer B runs on every transport
    EXPECT_EQ(ms(tcp.tu_events().front().at), 32'000);
    EXPECT_EQ(tcp.layer().state(h), std::nullopt);
}

TEST_F(InviteClientTransaction,
       Rfc3261_17_1_1_2_ProvisionalInCallingMovesToProceedingAndStopsTimers) {
    const ClientHandle h = start();
    clock.advance_to(at_ms(700));  // one retransmission at 500
    reply(180);
    EXPECT_EQ(uac.layer().state(h), State::Proceeding);
    ASSERT_EQ(uac.responses().size(), 1u);
    EXPECT_EQ(uac.responses()[0].response.status(), 180);
    EXPECT_EQ(uac.responses()[0].txn, h);
    // No more retransmissions, and Timer B no longer applies: the TU decides (Timer C).
    clock.advance_to(at_ms(120'000));
    EXPECT_EQ(send_times(uac, "INVITE"), (std::vector<std::int64_t>{0, 500}));
    EXPECT_TRUE(uac.timeouts().empty());
    EXPECT_EQ(uac.layer().state(h), State::Proceeding);
    // Further provisionals go to the TU as well.
    reply(183);
    EXPECT_EQ(uac.responses().size(), 2u);
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_Non2xxInCallingSendsAckAndEntersCompleted) {
    const ClientHandle h = start();
    clock.advance_to(at_ms(100));
    reply(486);
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    ASSERT_EQ(uac.responses().size(), 1u);
    EXPECT_EQ(uac.responses()[0].response.status(), 486);
    ASSERT_EQ(send_times(uac, "ACK"), (std::vector<std::int64_t>{100}));
    EXPECT_EQ(uac.sent().back().destination, kUdpServer);  // where the INVITE went
    EXPECT_FALSE(uac.timer_pending(TimerName::A));
    EXPECT_FALSE(uac.timer_pending(TimerName::B));
    EXPECT_TRUE(uac.timer_pending(TimerName::D));
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_3_AckForNon2xxIsBuiltFromInviteAndResponse) {
    start();
    reply(404, "uas-tag-9");
    const test::SentMessage& sent = uac.sent().back();
    const Message ack = sent.parsed();
    ASSERT_TRUE(ack.is_request());
    EXPECT_EQ(ack.method_text(), "ACK");
    EXPECT_EQ(ack.request_uri_text(), invite.request_uri_text());
    EXPECT_EQ(ack.call_id(), invite.call_id());
    EXPECT_EQ(ack.header(HeaderId::From), invite.header(HeaderId::From));
    // To of the response, with its tag.
    EXPECT_EQ(ack.header(HeaderId::To), "Bob <sip:bob@example.com>;tag=uas-tag-9");
    // A single Via, equal to the INVITE's top Via.
    EXPECT_EQ(ack.count(HeaderId::Via), 1u);
    EXPECT_EQ(ack.header(HeaderId::Via), invite.header(HeaderId::Via));
    EXPECT_EQ(ack.header(HeaderId::CSeq), "1 ACK");
    // The INVITE's Route headers, in order.
    ASSERT_EQ(ack.count(HeaderId::Route), 2u);
    std::string_view route;
    auto routes = ack.values(HeaderId::Route);
    ASSERT_TRUE(routes.next(route));
    EXPECT_EQ(route, "<sip:p1.example.com;lr>");
    ASSERT_TRUE(routes.next(route));
    EXPECT_EQ(route, "<sip:p2.example.com;lr>");
    EXPECT_EQ(ack.header(HeaderId::MaxForwards), "70");
    EXPECT_TRUE(ack.body().empty());
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_RetransmittedFinalInCompletedResendsAckOnly) {
    const ClientHandle h = start();
    reply(486);
    clock.advance_to(at_ms(2'000));
    reply(486);
    clock.advance_to(at_ms(4'000));
    reply(486);
    // The ACK goes out again for each retransmission, as a retransmission of the same bytes;
    // the TU saw the response once.
    EXPECT_EQ(send_times(uac, "ACK"), (std::vector<std::int64_t>{0, 2000, 4000}));
    const auto& sent = uac.sent();
    EXPECT_EQ(sent[sent.size() - 1].bytes, sent[sent.size() - 2].bytes);
    EXPECT_TRUE(sent.back().retransmission);
    EXPECT_EQ(uac.responses().size(), 1u);
    // Provisionals and 2xx in Completed are absorbed too.
    reply(180);
    reply(200);
    EXPECT_EQ(uac.responses().size(), 1u);
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    EXPECT_GE(uac.layer().stats().absorbed, 4u);
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_TimerDEndsCompletedAfter32sOnUdp) {
    const ClientHandle h = start();
    clock.advance_to(at_ms(1'000));
    reply(603);
    clock.advance_to(at_ms(32'999));
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    clock.advance_to(at_ms(33'000));
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
    ASSERT_EQ(uac.terminations().size(), 1u);
    EXPECT_EQ(ms(uac.tu_events().back().at), 33'000);
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_Non2xxInProceedingAlsoAcksAndCompletes) {
    const ClientHandle h = start();
    reply(180);
    clock.advance_to(at_ms(5'000));
    reply(480);
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    EXPECT_EQ(send_times(uac, "ACK"), (std::vector<std::int64_t>{5000}));
    EXPECT_EQ(uac.responses().size(), 2u);
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_1_2_ReliableTransportTimerDIsZero) {
    test::LayerDriver tcp(clock, kTcpClient);
    invite = test::make_request(spec());
    const ClientHandle h = tcp.send_request(invite, kTcpServer);
    tcp.receive(test::make_response(invite, 486, "t"), kTcpServer);
    EXPECT_EQ(send_times(tcp, "ACK"), (std::vector<std::int64_t>{0}));
    EXPECT_EQ(tcp.responses().size(), 1u);
    EXPECT_EQ(tcp.layer().state(h), std::nullopt);  // terminated at once
    EXPECT_EQ(tcp.terminations().size(), 1u);
    EXPECT_EQ(tcp.timers_pending(), 0u);
}

TEST_F(InviteClientTransaction, Rfc6026_7_2_2xxInCallingEntersAcceptedWithoutAck) {
    const ClientHandle h = start();
    clock.advance_to(at_ms(300));
    reply(200);
    EXPECT_EQ(uac.layer().state(h), State::Accepted);
    ASSERT_EQ(uac.responses().size(), 1u);
    EXPECT_EQ(uac.responses()[0].response.status(), 200);
    EXPECT_TRUE(send_times(uac, "ACK").empty());  // the ACK for a 2xx is the TU's
    EXPECT_FALSE(uac.timer_pending(TimerName::A));
    EXPECT_TRUE(uac.timer_pending(TimerName::M));
}

TEST_F(InviteClientTransaction, Rfc6026_7_2_AcceptedPassesEvery2xxToTheTuUntilTimerM) {
    const ClientHandle h = start();
    reply(180);
    clock.advance_to(at_ms(1'000));
    reply(200, "fork-a");
    clock.advance_to(at_ms(1'500));
    reply(200, "fork-a");  // a retransmission
    reply(200, "fork-b");  // another fork
    reply(486, "fork-c");  // non-2xx in Accepted: absorbed
    reply(183, "fork-d");  // so are provisionals
    ASSERT_EQ(uac.responses().size(), 4u);
    EXPECT_EQ(uac.responses()[3].response.header(HeaderId::To),
              "Bob <sip:bob@example.com>;tag=fork-b");
    EXPECT_TRUE(send_times(uac, "ACK").empty());
    // Timer M = 64*T1 after entering Accepted.
    clock.advance_to(at_ms(32'999));
    EXPECT_EQ(uac.layer().state(h), State::Accepted);
    clock.advance_to(at_ms(33'000));
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
    // After that a 2xx matches nothing: a stray for the TU (a stateless proxy's to forward).
    reply(200, "fork-a");
    ASSERT_EQ(uac.strays().size(), 1u);
    EXPECT_EQ(uac.strays()[0].reason, StrayReason::NoTransaction);
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_4_TransportErrorInCallingInformsTuAndTerminates) {
    const ClientHandle h = start();
    uac.transport_error(h);
    ASSERT_EQ(uac.transport_failures().size(), 1u);
    EXPECT_EQ(std::get<ClientHandle>(uac.transport_failures()[0].txn), h);
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
    EXPECT_EQ(uac.timers_pending(), 0u);
    clock.advance_to(at_ms(60'000));
    EXPECT_EQ(send_times(uac, "INVITE").size(), 1u);
    EXPECT_TRUE(uac.timeouts().empty());
}

TEST_F(InviteClientTransaction, Rfc3261_17_1_4_TransportErrorInCompletedInformsTuAndTerminates) {
    const ClientHandle h = start();
    reply(486);
    uac.transport_error(h);  // the ACK could not be sent
    EXPECT_EQ(uac.transport_failures().size(), 1u);
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
}

TEST_F(InviteClientTransaction, Rfc6026_7_2_TransportErrorInAcceptedIsIgnored) {
    const ClientHandle h = start();
    reply(200);
    uac.transport_error(h);
    EXPECT_TRUE(uac.transport_failures().empty());
    EXPECT_EQ(uac.layer().state(h), State::Accepted);
}

}  // namespace
}  // namespace dialtone::transaction
