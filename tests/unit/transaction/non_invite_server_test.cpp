// Non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8). Driven on a fake clock.

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

class NonInviteServerTransaction : public ::testing::Test {
  protected:
    ServerHandle arrive(test::LayerDriver& d, const transport::Endpoint& from = kUdpClient) {
        test::RequestSpec s;
        s.method = "BYE";
        s.branch = "z9hG4bK-bye-1";
        s.to_tag = "uas-1";
        request = test::make_request(s);
        d.receive(request, from);
        EXPECT_FALSE(d.requests().empty());
        return d.requests().empty() ? ServerHandle{} : d.requests().back().txn;
    }
    Message response(int status) { return test::make_response(request, status); }

    test::SimClock clock;
    test::LayerDriver uas{clock, kUdpServer};
    Message request = Message::response(500);
};

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_2_TryingAbsorbsRetransmissionsAndSendsNo100) {
    const ServerHandle h = arrive(uas);
    EXPECT_EQ(uas.layer().state(h), State::Trying);
    clock.advance_to(at_ms(500));
    uas.receive(request, kUdpClient);
    clock.advance_to(at_ms(5'000));
    EXPECT_TRUE(uas.sent().empty());  // no 100 of its own (RFC 4320)
    EXPECT_EQ(uas.requests().size(), 1u);
    EXPECT_EQ(uas.layer().stats().absorbed, 1u);
}

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_2_ProvisionalMovesToProceedingWhichResendsIt) {
    const ServerHandle h = arrive(uas);
    EXPECT_EQ(uas.send_response(h, response(100)), ResponseResult::Sent);
    EXPECT_EQ(uas.layer().state(h), State::Proceeding);
    uas.send_response(h, response(183));
    uas.receive(request, kUdpClient);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"100", "183", "183"}));
    EXPECT_TRUE(uas.sent().back().retransmission);
    EXPECT_EQ(uas.requests().size(), 1u);
}

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_2_CompletedResendsFinalUntilTimerJ) {
    const ServerHandle h = arrive(uas);
    clock.advance_to(at_ms(10));
    uas.send_response(h, response(200));
    EXPECT_EQ(uas.layer().state(h), State::Completed);
    clock.advance_to(at_ms(4'000));
    uas.receive(request, kUdpClient);
    EXPECT_EQ(send_times(uas, "200"), (std::vector<std::int64_t>{10, 4000}));
    EXPECT_EQ(uas.sent()[1].bytes, uas.sent()[0].bytes);
    // Timer J = 64*T1 on UDP.
    clock.advance_to(at_ms(32'009));
    EXPECT_EQ(uas.layer().state(h), State::Completed);
    clock.advance_to(at_ms(32'010));
    EXPECT_EQ(uas.layer().state(h), std::nullopt);
    // A retransmission after that starts a new transaction: the RFC's window has passed.
    uas.receive(request, kUdpClient);
    EXPECT_EQ(uas.requests().size(), 2u);
}

TEST_F(NonInviteServerTransaction, Rfc3261_8_2_7_StatelessAnswerEndsTheTransactionAtOnce) {
    const ServerHandle h = arrive(uas);
    EXPECT_EQ(uas.send_final_and_forget(h, response(401)), ResponseResult::Sent);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"401"}));
    EXPECT_EQ(uas.layer().state(h), std::nullopt);
    EXPECT_EQ(uas.layer().size(), 0u);
    EXPECT_EQ(uas.terminations().size(), 1u);
    EXPECT_EQ(uas.timers_pending(), 0u);  // no Timer J
    // A retransmission is a new request to a stateless UAS, answered anew by the TU.
    uas.receive(request, kUdpClient);
    EXPECT_EQ(uas.requests().size(), 2u);
    EXPECT_EQ(uas.send_final_and_forget(uas.requests().back().txn, response(401)),
              ResponseResult::Sent);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"401", "401"}));
    EXPECT_FALSE(uas.sent().back().retransmission);
}

TEST_F(NonInviteServerTransaction, Rfc3261_8_2_7_StatelessAnswerMustBeFinalAndFirst) {
    const ServerHandle h = arrive(uas);
    EXPECT_EQ(uas.send_final_and_forget(h, response(100)), ResponseResult::NotAResponse);
    EXPECT_EQ(uas.layer().state(h), State::Trying);
    uas.send_response(h, response(200));
    EXPECT_EQ(uas.send_final_and_forget(h, response(401)), ResponseResult::Discarded);
    EXPECT_EQ(uas.layer().state(h), State::Completed);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"200"}));
}

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_2_FurtherFinalsAreDiscardedInCompleted) {
    const ServerHandle h = arrive(uas);
    uas.send_response(h, response(200));
    EXPECT_EQ(uas.send_response(h, response(500)), ResponseResult::Discarded);
    EXPECT_EQ(uas.send_response(h, response(180)), ResponseResult::Discarded);
    EXPECT_EQ(sent_whats(uas), (std::vector<std::string>{"200"}));
}

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_2_ReliableTransportTimerJIsZero) {
    test::LayerDriver tcp(clock, kTcpServer);
    const ServerHandle h = arrive(tcp, kTcpClient);
    tcp.send_response(h, response(200));
    EXPECT_EQ(tcp.layer().state(h), std::nullopt);
    EXPECT_EQ(tcp.terminations().size(), 1u);
    EXPECT_EQ(tcp.timers_pending(), 0u);
    EXPECT_EQ(tcp.sent().back().destination, kTcpClient);
    EXPECT_EQ(tcp.send_response(h, response(200)), ResponseResult::StaleHandle);
}

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_4_TransportErrorInProceedingOrCompletedTerminates) {
    const ServerHandle a = arrive(uas);
    uas.send_response(a, response(100));
    uas.transport_error(a);
    EXPECT_EQ(uas.layer().state(a), std::nullopt);
    EXPECT_EQ(uas.transport_failures().size(), 1u);

    const ServerHandle b = arrive(uas);
    ASSERT_NE(a, b);
    uas.send_response(b, response(200));
    uas.transport_error(b);
    EXPECT_EQ(uas.layer().state(b), std::nullopt);
    EXPECT_EQ(uas.transport_failures().size(), 2u);
}

TEST_F(NonInviteServerTransaction, Rfc3261_17_2_2_TransportErrorInTryingIsIgnored) {
    const ServerHandle h = arrive(uas);
    uas.transport_error(h);
    EXPECT_TRUE(uas.transport_failures().empty());
    EXPECT_EQ(uas.layer().state(h), State::Trying);
}

}  // namespace
}  // namespace dialtone::transaction
