// INVITE server transaction: RFC 3261 §17.2.1 (Figure 7) with RFC 6026 §7.1 (Accepted,
// Timer L). Driven on a fake clock.

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

class InviteServerTransaction : public ::testing::Test {
  protected:
    test::RequestSpec spec() const {
        test::RequestSpec s;
        s.method = "INVITE";
        s.branch = "z9hG4bK-uac-inv";
        s.lower_vias = {"SIP/2.0/UDP proxy.example.com;branch=z9hG4bK-p1"};
        s.extra_headers = "Timestamp: 54.2\r\n";
        return s;
    }
    // The INVITE arrives at `uas`; returns the server handle the TU got.
    ServerHandle arrive(test::LayerDriver& d, const transport::Endpoint& from = kUdpClient) {
        invite = test::make_request(spec());
        d.receive(invite, from);
        EXPECT_FALSE(d.requests().empty());
        return d.requests().empty() ? ServerHandle{} : d.requests().back().txn;
    }
    Message ack(std::string_view to_tag = "uas-1") {
        test::RequestSpec s = spec();
        s.method = "ACK";
        s.to_tag = std::string(to_tag);
        return test::make_request(s);
    }
    Message response(int status, std::string_view tag = "uas-1") {
        return test::make_response(invite, status, tag);
    }

    test::SimClock clock;
    test::LayerDriver uas{clock, kUdpServer};
    Message invite = Message::response(500);
};

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_NewInviteGoesToTheTuInProceeding) {
    const ServerHandle h = arrive(uas);
    ASSERT_TRUE(h);
    EXPECT_EQ(uas.layer().state(h), State::Proceeding);
    ASSERT_EQ(uas.requests().size(), 1u);
    const DeliverRequest r = uas.requests()[0];
    EXPECT_EQ(r.request->method_text(), "INVITE");
    EXPECT_EQ(r.source, kUdpClient);
    EXPECT_FALSE(r.cancels);
    EXPECT_EQ(uas.layer().request(h), r.request);
}

TEST_F(InviteServerTransaction,
       Rfc3261_8_2_7_StatelessChallengeIsNotRetransmittedAndItsAckIsStray) {
    const ServerHandle h = arrive(uas);
    EXPECT_EQ(uas.send_final_and_forget(h, response(200)), ResponseResult::NotAResponse);
    EXPECT_EQ(uas.send_final_and_forget(h, response(407)), ResponseResult::Sent);
    EXPECT_EQ(uas.layer().size(), 0u);
    EXPECT_EQ(uas.timers_pending(), 0u);  // no Timer G, H or the 200 ms 100 (Trying)
    clock.advance_to(at_ms(10'000));
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"407"}));
    // "A stateless UAS MUST ignore ACK requests": the layer hands it over as a stray.
    uas.receive(ack(), kUdpClient);
    ASSERT_EQ(uas.strays().size(), 1u);
    EXPECT_EQ(uas.strays()[0].reason, StrayReason::AckWithoutTransaction);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_Sends100TryingWhenTuIsSilentFor200ms) {
    arrive(uas);
    clock.advance_to(at_ms(199));
    EXPECT_TRUE(uas.sent().empty());
    clock.advance_to(at_ms(200));
    ASSERT_EQ(uas.sent().size(), 1u);
    const Message trying = uas.sent()[0].parsed();
    EXPECT_EQ(trying.status(), 100);
    // §8.2.6: Vias (both lines), From, To, Call-ID, CSeq copied; Timestamp echoed (§8.2.6.1);
    // no To tag added (§17.2.1).
    EXPECT_EQ(trying.count(HeaderId::Via), 2u);
    EXPECT_EQ(trying.header(HeaderId::Via), invite.header(HeaderId::Via));
    EXPECT_EQ(trying.header(HeaderId::To), invite.header(HeaderId::To));
    EXPECT_FALSE(trying.to()->has_tag);
    EXPECT_EQ(trying.header(HeaderId::From), invite.header(HeaderId::From));
    EXPECT_EQ(trying.call_id(), invite.call_id());
    EXPECT_EQ(trying.header(HeaderId::CSeq), "1 INVITE");
    EXPECT_EQ(trying.header(HeaderId::Timestamp), "54.2");
    // §18.2.2: back to the source address at the sent-by port.
    EXPECT_EQ(uas.sent()[0].destination, kUdpClient);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_No100WhenTuAnswersWithin200ms) {
    const ServerHandle h = arrive(uas);
    clock.advance_to(at_ms(50));
    EXPECT_EQ(uas.send_response(h, response(180)), ResponseResult::Sent);
    clock.advance_to(at_ms(5'000));
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"180"}));
    EXPECT_FALSE(uas.timer_pending(TimerName::Trying));
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_ImmediateTryingPolicySends100AtOnce) {
    LayerConfig config;
    config.trying = TryingPolicy::Immediate;
    test::LayerDriver d(clock, kUdpServer, config);
    arrive(d);
    EXPECT_EQ(send_times(d, "100"), (std::vector<std::int64_t>{0}));
    EXPECT_FALSE(d.timer_pending(TimerName::Trying));
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_NeverTryingPolicyLeavesTheProvisionalToTheTu) {
    LayerConfig config;
    config.trying = TryingPolicy::Never;
    test::LayerDriver d(clock, kUdpServer, config);
    arrive(d);
    clock.advance_to(at_ms(1'000));
    EXPECT_TRUE(d.sent().empty());
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_RetransmittedInviteResendsTheLatestProvisional) {
    const ServerHandle h = arrive(uas);
    clock.advance_to(at_ms(300));  // 100 sent at 200
    uas.send_response(h, response(180));
    clock.advance_to(at_ms(500));
    uas.receive(invite, kUdpClient);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"100", "180", "180"}));
    EXPECT_TRUE(uas.sent().back().retransmission);
    EXPECT_EQ(uas.requests().size(), 1u);  // the TU saw the INVITE once
    EXPECT_EQ(uas.layer().state(h), State::Proceeding);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_RetransmissionBefore100IsAnsweredWith100) {
    LayerConfig config;
    config.trying = TryingPolicy::Never;
    test::LayerDriver d(clock, kUdpServer, config);
    arrive(d);
    clock.advance_to(at_ms(500));
    d.receive(invite, kUdpClient);
    EXPECT_EQ(sent_whats(d), (std::vector<std::string>{"100"}));
    d.receive(invite, kUdpClient);
    EXPECT_EQ(sent_whats(d), (std::vector<std::string>{"100", "100"}));
}

TEST_F(InviteServerTransaction,
       Rfc3261_17_2_1_Non2xxOverUdpRetransmitsOnTimerGUntilAckThenWaitsTimerI) {
    const ServerHandle h = arrive(uas);
    clock.advance_to(at_ms(1'000));
    EXPECT_EQ(uas.send_response(h, response(486)), ResponseResult::Sent);
    EXPECT_EQ(uas.layer().state(h), State::Completed);
    clock.advance_to(at_ms(13'000));
    // G: T1, then doubling up to T2: 1.5, 2.5, 4.5, 8.5, 12.5 s.
    EXPECT_EQ(send_times(uas, "486"),
              (std::vector<std::int64_t>{1000, 1500, 2500, 4500, 8500, 12500}));
    uas.receive(ack(), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Confirmed);
    EXPECT_FALSE(uas.timer_pending(TimerName::G));
    EXPECT_FALSE(uas.timer_pending(TimerName::H));
    EXPECT_EQ(uas.requests().size(), 1u);  // the ACK is the transaction's, not the TU's
    // ACK retransmissions are absorbed in Confirmed.
    uas.receive(ack(), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Confirmed);
    // Timer I = T4 = 5 s, and no more retransmissions meanwhile.
    clock.advance_to(at_ms(17'999));
    EXPECT_EQ(uas.layer().state(h), State::Confirmed);
    clock.advance_to(at_ms(18'000));
    EXPECT_EQ(uas.layer().state(h), std::nullopt);
    EXPECT_EQ(send_times(uas, "486").size(), 6u);
    EXPECT_TRUE(uas.timeouts().empty());
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_TimerHEndsCompletedWithoutAck) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(500));
    clock.advance_to(at_ms(40'000));
    EXPECT_EQ(send_times(uas, "500"),
              (std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500,
                                         27500, 31500}));
    ASSERT_EQ(uas.timeouts().size(), 1u);
    EXPECT_EQ(uas.timeouts()[0].timer, TimerName::H);
    EXPECT_EQ(std::get<ServerHandle>(uas.timeouts()[0].txn), h);
    EXPECT_EQ(uas.layer().state(h), std::nullopt);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_RetransmittedInviteInCompletedResendsTheFinal) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(404));
    clock.advance_to(at_ms(100));
    uas.receive(invite, kUdpClient);
    EXPECT_EQ(send_times(uas, "404"), (std::vector<std::int64_t>{0, 100}));
    EXPECT_TRUE(uas.sent().back().retransmission);
    // Confirmed absorbs INVITE retransmissions.
    uas.receive(ack("uas-1"), kUdpClient);
    uas.receive(invite, kUdpClient);
    EXPECT_EQ(send_times(uas, "404").size(), 2u);
    EXPECT_EQ(uas.requests().size(), 1u);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_NoResponseIsTakenAfterANon2xxFinal) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(486));
    EXPECT_EQ(uas.send_response(h, response(200)), ResponseResult::Discarded);
    EXPECT_EQ(uas.send_response(h, response(180)), ResponseResult::Discarded);
    uas.receive(ack(), kUdpClient);
    EXPECT_EQ(uas.send_response(h, response(486)), ResponseResult::Discarded);
    EXPECT_EQ(send_times(uas, "486").size(), 1u);
    EXPECT_EQ(send_times(uas, "200").size(), 0u);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_ReliableTransportHasNoTimerGAndTimerIIsZero) {
    test::LayerDriver tcp(clock, kTcpServer);
    const ServerHandle h = arrive(tcp, kTcpClient);
    tcp.send_response(h, response(486));
    EXPECT_FALSE(tcp.timer_pending(TimerName::G));
    EXPECT_TRUE(tcp.timer_pending(TimerName::H));
    clock.advance_to(at_ms(10'000));
    EXPECT_EQ(send_times(tcp, "486"), (std::vector<std::int64_t>{0}));
    EXPECT_EQ(tcp.sent().back().destination, kTcpClient);  // the connection it came on
    tcp.receive(ack(), kTcpClient);
    EXPECT_EQ(tcp.layer().state(h), std::nullopt);  // Confirmed, I = 0: gone
    EXPECT_EQ(tcp.timers_pending(), 0u);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_ReliableTransportStillTimesOutOnTimerH) {
    test::LayerDriver tcp(clock, kTcpServer);
    const ServerHandle h = arrive(tcp, kTcpClient);
    tcp.send_response(h, response(486));
    clock.advance_to(at_ms(32'000));
    ASSERT_EQ(tcp.timeouts().size(), 1u);
    EXPECT_EQ(tcp.timeouts()[0].timer, TimerName::H);
}

TEST_F(InviteServerTransaction, Rfc6026_7_1_2xxEntersAcceptedWhichAbsorbsInviteRetransmissions) {
    const ServerHandle h = arrive(uas);
    clock.advance_to(at_ms(100));
    uas.send_response(h, response(200));
    EXPECT_EQ(uas.layer().state(h), State::Accepted);
    EXPECT_TRUE(uas.timer_pending(TimerName::L));
    EXPECT_FALSE(uas.timer_pending(TimerName::G));  // the TU retransmits its 2xx
    clock.advance_to(at_ms(600));
    uas.receive(invite, kUdpClient);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"200"}));
    EXPECT_EQ(uas.requests().size(), 1u);
}

TEST_F(InviteServerTransaction, Rfc6026_7_1_AcceptedSendsFurther2xxOnlyAndPassesAcksUp) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(200));
    clock.advance_to(at_ms(500));
    EXPECT_EQ(uas.send_response(h, response(200)), ResponseResult::Sent);  // TU retransmission
    EXPECT_EQ(uas.send_response(h, response(486)), ResponseResult::Discarded);
    EXPECT_EQ(uas.send_response(h, response(180)), ResponseResult::Discarded);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"200", "200"}));
    // An ACK matching the transaction goes to the TU with the INVITE's handle.
    uas.receive(ack(), kUdpClient);
    ASSERT_EQ(uas.requests().size(), 2u);
    EXPECT_EQ(uas.requests()[1].request->method_text(), "ACK");
    EXPECT_EQ(uas.requests()[1].txn, h);
    EXPECT_EQ(uas.layer().state(h), State::Accepted);
    // Timer L = 64*T1 from entering Accepted.
    clock.advance_to(at_ms(31'999));
    EXPECT_EQ(uas.layer().state(h), State::Accepted);
    clock.advance_to(at_ms(32'000));
    EXPECT_EQ(uas.layer().state(h), std::nullopt);
    EXPECT_TRUE(uas.timeouts().empty());
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_AckInProceedingIsDropped) {
    const ServerHandle h = arrive(uas);
    uas.receive(ack(""), kUdpClient);
    EXPECT_EQ(uas.layer().state(h), State::Proceeding);
    EXPECT_EQ(uas.requests().size(), 1u);
    EXPECT_TRUE(uas.strays().empty());
}

TEST_F(InviteServerTransaction, Rfc6026_7_1_TransportErrorInProceedingInformsTuAndStays) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(180));
    uas.transport_error(h);
    EXPECT_EQ(uas.transport_failures().size(), 1u);
    EXPECT_EQ(uas.layer().state(h), State::Proceeding);
    EXPECT_EQ(uas.send_response(h, response(486)), ResponseResult::Sent);
}

TEST_F(InviteServerTransaction, Rfc6026_7_1_TransportErrorInAcceptedInformsTuAndStays) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(200));
    uas.transport_error(h);
    EXPECT_EQ(uas.transport_failures().size(), 1u);
    EXPECT_EQ(uas.layer().state(h), State::Accepted);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_4_TransportErrorInCompletedInformsTuAndTerminates) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(486));
    uas.transport_error(h);
    EXPECT_EQ(uas.transport_failures().size(), 1u);
    EXPECT_EQ(uas.layer().state(h), std::nullopt);
    EXPECT_EQ(uas.timers_pending(), 0u);
}

TEST_F(InviteServerTransaction, Rfc3261_17_2_1_TransportErrorInConfirmedIsIgnored) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(486));
    uas.receive(ack(), kUdpClient);
    uas.transport_error(h);
    EXPECT_TRUE(uas.transport_failures().empty());
    EXPECT_EQ(uas.layer().state(h), State::Confirmed);
}

}  // namespace
}  // namespace dialtone::transaction
