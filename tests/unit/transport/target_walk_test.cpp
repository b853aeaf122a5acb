// TargetWalk: RFC 3263 §4.3 failover decisions, RFC 3261 §8.1.3.1 / §16.7 failure statuses,
// and the §9.1 CANCEL rules, without a transaction layer.

#include "dialtone/sip/transport/target_walk.hpp"

#include <gtest/gtest.h>

namespace dialtone::transport {
namespace {

ResolvedTarget target(std::string ip, std::uint16_t port = 5060) {
    ResolvedTarget t;
    t.endpoint = Endpoint{Transport::Udp, std::move(ip), port};
    return t;
}

TargetWalk two_targets(bool invite = false) {
    return TargetWalk(TargetList({target("192.0.2.1"), target("192.0.2.2")}), invite);
}

TEST(TargetWalk, A503MovesOnWhileATargetRemains_Rfc3263_4_3) {
    TargetWalk walk = two_targets();
    EXPECT_EQ(walk.on_response(503), WalkVerdict::Retry);
    ASSERT_NE(walk.current(), nullptr);
    EXPECT_EQ(walk.current()->endpoint.ip, "192.0.2.2");
    // The last target's 503 is the answer the TU gets.
    EXPECT_EQ(walk.on_response(503), WalkVerdict::Deliver);
    EXPECT_TRUE(walk.final_delivered());
    ASSERT_EQ(walk.attempts().size(), 1u);
    EXPECT_EQ(walk.attempts()[0].outcome, "503");
}

TEST(TargetWalk, TimeoutAndTransportErrorMoveOn_Rfc3263_4_3) {
    TargetWalk walk(TargetList({target("192.0.2.1"), target("192.0.2.2"), target("192.0.2.3")}),
                    false);
    EXPECT_EQ(walk.on_failure(AttemptFailure::Timeout), WalkVerdict::Retry);
    EXPECT_EQ(walk.current()->endpoint.ip, "192.0.2.2");
    EXPECT_EQ(walk.on_failure(AttemptFailure::TransportError, "connection refused"),
              WalkVerdict::Retry);
    EXPECT_EQ(walk.current()->endpoint.ip, "192.0.2.3");
    EXPECT_EQ(walk.on_response(200), WalkVerdict::Deliver);
    EXPECT_EQ(walk.attempts()[1].outcome, "transport error: connection refused");
}

TEST(TargetWalk, EveryTargetTimedOutGives408_Rfc3261_8_1_3_1) {
    TargetWalk walk = two_targets();
    EXPECT_EQ(walk.on_failure(AttemptFailure::Timeout), WalkVerdict::Retry);
    EXPECT_EQ(walk.on_failure(AttemptFailure::Timeout), WalkVerdict::Fail);
    EXPECT_EQ(walk.failure_status(), 408);
    EXPECT_EQ(walk.current(), nullptr);
    EXPECT_EQ(walk.failure_reason(), "udp 192.0.2.1:5060: timeout; udp 192.0.2.2:5060: timeout");
}

TEST(TargetWalk, LastTargetTransportErrorGives503_Rfc3261_8_1_3_1) {
    TargetWalk walk = two_targets();
    EXPECT_EQ(walk.on_failure(AttemptFailure::Timeout), WalkVerdict::Retry);
    EXPECT_EQ(walk.on_failure(AttemptFailure::TransportError), WalkVerdict::Fail);
    EXPECT_EQ(walk.failure_status(), 503);
}

TEST(TargetWalk, NoTargetsGives503_Rfc3263_4_3) {
    TargetWalk walk(TargetList{}, false);
    EXPECT_EQ(walk.current(), nullptr);
    EXPECT_EQ(walk.failure_status(), 503);
    EXPECT_EQ(walk.failure_reason(), "no targets");
}

TEST(TargetWalk, NoFailoverAfterAFinalResponse_Rfc3263_4_3) {
    TargetWalk walk = two_targets();
    EXPECT_EQ(walk.on_response(404), WalkVerdict::Deliver);
    EXPECT_EQ(walk.on_failure(AttemptFailure::TransportError), WalkVerdict::Ignore);
    EXPECT_EQ(walk.current()->endpoint.ip, "192.0.2.1");
    EXPECT_EQ(walk.on_response(404), WalkVerdict::Ignore);
}

TEST(TargetWalk, Further2xxOfAnInviteStillGoUp_Rfc6026_7_2) {
    TargetWalk walk = two_targets(true);
    EXPECT_EQ(walk.on_response(200), WalkVerdict::Deliver);
    EXPECT_EQ(walk.on_response(200), WalkVerdict::Deliver);
}

TEST(TargetWalk, ProvisionalIsDeliveredAndA503AfterItStillMovesOn_Rfc3263_4_3) {
    TargetWalk walk = two_targets(true);
    EXPECT_EQ(walk.on_response(180), WalkVerdict::Deliver);
    EXPECT_TRUE(walk.provisional_seen());
    EXPECT_EQ(walk.on_response(503), WalkVerdict::Retry);
    // The next attempt is a new transaction with no provisional response yet (§9.1).
    EXPECT_FALSE(walk.provisional_seen());
}

TEST(TargetWalk, CancelOnlyForInvite_Rfc3261_9_1) {
    TargetWalk walk = two_targets(false);
    EXPECT_EQ(walk.cancel(), CancelStep::NotInvite);
    EXPECT_FALSE(walk.cancelled());
}

TEST(TargetWalk, CancelWaitsForAProvisionalResponse_Rfc3261_9_1) {
    TargetWalk walk = two_targets(true);
    EXPECT_EQ(walk.cancel(), CancelStep::WaitForProvisional);
    EXPECT_FALSE(walk.take_pending_cancel());  // nothing has arrived yet
    EXPECT_EQ(walk.on_response(100), WalkVerdict::Deliver);
    EXPECT_TRUE(walk.take_pending_cancel());
    EXPECT_FALSE(walk.take_pending_cancel());  // once
    EXPECT_EQ(walk.cancel(), CancelStep::AlreadyCancelled);
}

TEST(TargetWalk, CancelAfterProvisionalIsSentNow_Rfc3261_9_1) {
    TargetWalk walk = two_targets(true);
    EXPECT_EQ(walk.on_response(180), WalkVerdict::Deliver);
    EXPECT_EQ(walk.cancel(), CancelStep::SendNow);
    EXPECT_FALSE(walk.take_pending_cancel());
}

TEST(TargetWalk, CancelAfterFinalIsTooLate_Rfc3261_9_1) {
    TargetWalk walk = two_targets(true);
    EXPECT_EQ(walk.on_response(486), WalkVerdict::Deliver);
    EXPECT_EQ(walk.cancel(), CancelStep::TooLate);
}

TEST(TargetWalk, CancelledRequestIsNotTriedElsewhere_Rfc3261_9_1) {
    TargetWalk walk = two_targets(true);
    EXPECT_EQ(walk.cancel(), CancelStep::WaitForProvisional);
    EXPECT_EQ(walk.on_failure(AttemptFailure::Timeout), WalkVerdict::Fail);
    EXPECT_EQ(walk.failure_status(), 408);
    TargetWalk other = two_targets(true);
    EXPECT_EQ(other.on_response(100), WalkVerdict::Deliver);
    EXPECT_EQ(other.cancel(), CancelStep::SendNow);
    // A 503 to a cancelled INVITE goes to the TU instead of moving on.
    EXPECT_EQ(other.on_response(503), WalkVerdict::Deliver);
}

}  // namespace
}  // namespace dialtone::transport
