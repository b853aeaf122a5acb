// Non-INVITE client transaction: RFC 3261 §17.1.2 (Figure 6). Driven on a fake clock.

#include <gtest/gtest.h>

#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"
#include "unit/transaction/test_util.hpp"

namespace dialtone::transaction {
namespace {

using message::Message;
using namespace testing_util;

class NonInviteClientTransaction : public ::testing::Test {
  protected:
    ClientHandle start(test::LayerDriver& d, const transport::Endpoint& to) {
        test::RequestSpec s;
        s.method = "REGISTER";
        s.branch = "z9hG4bK-reg-1";
        request = test::make_request(s);
        return d.send_request(request, to);
    }
    void reply(test::LayerDriver& d, int status, const transport::Endpoint& from = kUdpServer) {
        d.receive(test::make_response(request, status, "reg-tag"), from);
    }

    test::SimClock clock;
    test::LayerDriver uac{clock, kUdpClient};
    Message request = Message::response(500);
};

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_TimerEDoublesUpToT2AndTimerFTimesOut) {
    const ClientHandle h = start(uac, kUdpServer);
    EXPECT_EQ(uac.layer().state(h), State::Trying);
    clock.advance_to(at_ms(40'000));
    // E: 0.5, 1, 2, 4, then capped at T2 = 4 s; F = 64*T1 = 32 s.
    EXPECT_EQ(send_times(uac, "REGISTER"),
              (std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500,
                                         27500, 31500}));
    ASSERT_EQ(uac.timeouts().size(), 1u);
    EXPECT_EQ(uac.timeouts()[0].timer, TimerName::F);
    EXPECT_EQ(ms(uac.tu_events().front().at), 32'000);
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
    EXPECT_EQ(uac.timers_pending(), 0u);
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_TimerEIsT2InProceeding) {
    const ClientHandle h = start(uac, kUdpServer);
    clock.advance_to(at_ms(600));  // retransmitted at 500; E now 1 s, due at 1500
    reply(uac, 100);
    EXPECT_EQ(uac.layer().state(h), State::Proceeding);
    ASSERT_EQ(uac.responses().size(), 1u);
    clock.advance_to(at_ms(20'000));
    // The running E fires at 1500 and is then reset to T2 each time.
    EXPECT_EQ(send_times(uac, "REGISTER"),
              (std::vector<std::int64_t>{0, 500, 1500, 5500, 9500, 13500, 17500}));
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_T2CapFollowsConfiguredT2) {
    LayerConfig config;
    config.timers.t2 = Duration(1'500);
    test::LayerDriver d(clock, kUdpClient, config);
    start(d, kUdpServer);
    clock.advance_to(at_ms(8'000));
    EXPECT_EQ(send_times(d, "REGISTER"),
              (std::vector<std::int64_t>{0, 500, 1500, 3000, 4500, 6000, 7500}));
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_TimerFTimesOutInProceedingToo) {
    const ClientHandle h = start(uac, kUdpServer);
    reply(uac, 100);
    clock.advance_to(at_ms(31'999));
    EXPECT_EQ(uac.layer().state(h), State::Proceeding);
    clock.advance_to(at_ms(32'000));
    ASSERT_EQ(uac.timeouts().size(), 1u);
    EXPECT_EQ(uac.timeouts()[0].timer, TimerName::F);
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_EveryProvisionalGoesToTheTu) {
    start(uac, kUdpServer);
    reply(uac, 100);
    reply(uac, 183);
    reply(uac, 100);
    EXPECT_EQ(uac.responses().size(), 3u);
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_FinalInTryingCompletesAndTimerKEndsIt) {
    const ClientHandle h = start(uac, kUdpServer);
    clock.advance_to(at_ms(100));
    reply(uac, 200);
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    ASSERT_EQ(uac.responses().size(), 1u);
    EXPECT_EQ(uac.responses()[0].response.status(), 200);
    EXPECT_FALSE(uac.timer_pending(TimerName::E));
    EXPECT_FALSE(uac.timer_pending(TimerName::F));
    // Retransmissions of the response are absorbed in Completed.
    clock.advance_to(at_ms(2'000));
    reply(uac, 200);
    reply(uac, 100);
    EXPECT_EQ(uac.responses().size(), 1u);
    // No request retransmission after the final response.
    EXPECT_EQ(send_times(uac, "REGISTER"), (std::vector<std::int64_t>{0}));
    // Timer K = T4 = 5 s.
    clock.advance_to(at_ms(5'099));
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    clock.advance_to(at_ms(5'100));
    EXPECT_EQ(uac.layer().state(h), std::nullopt);
    EXPECT_EQ(uac.terminations().size(), 1u);
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_FinalInProceedingCompletes) {
    const ClientHandle h = start(uac, kUdpServer);
    reply(uac, 100);
    clock.advance_to(at_ms(9'000));
    reply(uac, 401);
    EXPECT_EQ(uac.layer().state(h), State::Completed);
    EXPECT_EQ(uac.responses().size(), 2u);
    EXPECT_TRUE(uac.timer_pending(TimerName::K));
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_ReliableTransportHasNoTimerEAndTimerKIsZero) {
    test::LayerDriver tcp(clock, kTcpClient);
    const ClientHandle h = start(tcp, kTcpServer);
    EXPECT_FALSE(tcp.timer_pending(TimerName::E));
    EXPECT_TRUE(tcp.timer_pending(TimerName::F));
    clock.advance_to(at_ms(10'000));
    EXPECT_EQ(send_times(tcp, "REGISTER"), (std::vector<std::int64_t>{0}));
    reply(tcp, 200, kTcpServer);
    EXPECT_EQ(tcp.responses().size(), 1u);
    EXPECT_EQ(tcp.layer().state(h), std::nullopt);  // K = 0: terminated at once
    EXPECT_EQ(tcp.timers_pending(), 0u);
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_4_TransportErrorInTryingOrProceedingTerminates) {
    const ClientHandle a = start(uac, kUdpServer);
    uac.transport_error(a);
    EXPECT_EQ(uac.layer().state(a), std::nullopt);
    ASSERT_EQ(uac.transport_failures().size(), 1u);

    test::RequestSpec s;
    s.branch = "z9hG4bK-opt-2";
    const ClientHandle b = uac.send_request(test::make_request(s), kUdpServer);
    uac.receive(test::make_response(test::make_request(s), 100), kUdpServer);
    EXPECT_EQ(uac.layer().state(b), State::Proceeding);
    uac.transport_error(b);
    EXPECT_EQ(uac.layer().state(b), std::nullopt);
    EXPECT_EQ(uac.transport_failures().size(), 2u);
}

TEST_F(NonInviteClientTransaction, Rfc3261_17_1_2_2_TransportErrorInCompletedIsIgnored) {
    const ClientHandle h = start(uac, kUdpServer);
    reply(uac, 200);
    uac.transport_error(h);
    EXPECT_TRUE(uac.transport_failures().empty());
    EXPECT_EQ(uac.layer().state(h), State::Completed);
}

}  // namespace
}  // namespace dialtone::transaction
