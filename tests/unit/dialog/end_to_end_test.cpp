// Two UserAgents, each on its own TransactionLayer, on the simulated loop network: the call
// flow of RFC 3665 §3.1 (INVITE, 180, 200, ACK), a re-INVITE hold (RFC 3264 §8.4), BYE, the
// same over a lossy link, and digest authentication as the callee challenges.

#include <gtest/gtest.h>

#include "unit/dialog/session_fixture.hpp"
#include "unit/support/loop_network.hpp"

namespace dialtone::dialog {
namespace {

using test::UaNode;
using transaction::at_ms;

const transport::Endpoint kAlice{transport::Transport::Udp, "192.0.2.1", 5060};
const transport::Endpoint kBob{transport::Transport::Udp, "192.0.2.2", 5060};

UaConfig bob_config() {
    UaConfig c;
    c.aor = "sip:bob@example.com";
    c.contact = "sip:bob@192.0.2.2:5060";
    c.via_sent_by = "192.0.2.2:5060";
    c.session_expires = 0;
    c.seed = 7;
    return c;
}

struct Call2 {
    test::SimClock clock;
    test::LoopNetwork network;
    UaNode alice{clock, kAlice, test::alice_config()};
    UaNode bob{clock, kBob, bob_config()};

    explicit Call2(std::uint64_t seed = 1234) : network(clock, seed) {
        network.attach(alice.driver);
        network.attach(bob.driver);
        // Bob rings at once and answers 2 s later.
        bob.on_event = [this](const UaAction& a) {
            if (const auto* in = std::get_if<IncomingCall>(&a)) {
                const CallHandle call = in->call;
                bob.input([&](auto& out) { bob.ua.ringing(call, clock.now(), out); });
                clock.schedule_in(transaction::Duration(2000), [this, call] {
                    bob.input([&](auto& out) {
                        bob.ua.answer(call, test::audio_caps("192.0.2.2", 6000), clock.now(), out);
                    });
                });
            }
        };
    }

    CallHandle call() {
        CallOptions options;
        options.target = "sip:bob@192.0.2.2:5060";
        options.media = test::audio_caps("192.0.2.1", 4000);
        CallHandle h;
        alice.input([&](auto& out) {
            auto r = alice.ua.invite(options, clock.now(), out);
            ASSERT_TRUE(r.ok());
            h = *r;
        });
        return h;
    }

    void run_for(std::int64_t ms) { clock.advance_by(transaction::Duration(ms)); }
};

void established_then_hold_then_bye(Call2& t) {
    const CallHandle a = t.call();
    t.run_for(5000);
    ASSERT_EQ(t.alice.events_of<Answered>().size(), 1u);
    ASSERT_EQ(t.bob.events_of<Answered>().size(), 1u);
    EXPECT_EQ(t.alice.events_of<Progress>().front().status, 180);
    const auto alice_session = t.alice.events_of<Answered>()[0].session;
    const auto bob_session = t.bob.events_of<Answered>()[0].session;
    ASSERT_EQ(alice_session.streams.size(), 1u);
    EXPECT_EQ(alice_session.streams[0].remote_rtp.port, 6000);
    EXPECT_EQ(bob_session.streams[0].remote_rtp.port, 4000);
    EXPECT_EQ(alice_session.streams[0].send_codec()->name, "PCMU");
    const CallHandle b = t.bob.events_of<IncomingCall>()[0].call;
    EXPECT_EQ(t.alice.ua.call_info(a)->state, CallState::Confirmed);
    EXPECT_EQ(t.bob.ua.call_info(b)->state, CallState::Confirmed);

    t.alice.input(
        [&](auto& out) { EXPECT_EQ(t.alice.ua.hold(a, t.clock.now(), out), OpStatus::Ok); });
    t.run_for(5000);
    ASSERT_EQ(t.alice.events_of<MediaUpdated>().size(), 1u);
    ASSERT_EQ(t.bob.events_of<MediaUpdated>().size(), 1u);
    EXPECT_EQ(t.alice.events_of<MediaUpdated>()[0].session.streams[0].direction,
              sdp::Direction::SendOnly);
    EXPECT_EQ(t.bob.events_of<MediaUpdated>()[0].session.streams[0].direction,
              sdp::Direction::RecvOnly);

    t.alice.input(
        [&](auto& out) { EXPECT_EQ(t.alice.ua.resume(a, t.clock.now(), out), OpStatus::Ok); });
    t.run_for(5000);
    ASSERT_EQ(t.bob.events_of<MediaUpdated>().size(), 2u);
    EXPECT_EQ(t.bob.events_of<MediaUpdated>()[1].session.streams[0].direction,
              sdp::Direction::SendRecv);

    t.bob.input(
        [&](auto& out) { EXPECT_EQ(t.bob.ua.hangup(b, t.clock.now(), out), OpStatus::Ok); });
    t.run_for(40000);
    ASSERT_EQ(t.alice.events_of<Ended>().size(), 1u);
    EXPECT_EQ(t.alice.events_of<Ended>()[0].reason, EndReason::RemoteHangup);
    ASSERT_EQ(t.bob.events_of<Ended>().size(), 1u);
    EXPECT_EQ(t.bob.events_of<Ended>()[0].reason, EndReason::LocalHangup);
    EXPECT_EQ(t.alice.ua.call_count(), 0u);
    EXPECT_EQ(t.bob.ua.call_count(), 0u);
    // Nothing is left over: every transaction has ended after its timers.
    t.run_for(64000);
    EXPECT_EQ(t.alice.driver.layer().size(), 0u);
    EXPECT_EQ(t.bob.driver.layer().size(), 0u);
}

TEST(EndToEndRfc3665, CallHoldResumeBye) {
    Call2 t;
    established_then_hold_then_bye(t);
    EXPECT_EQ(t.network.stats().dropped, 0u);
}

// The same flow with 20% of datagrams lost each way: transaction retransmissions (§17) and
// the UAS core's 2xx retransmission (§13.3.1.4) carry it through.
TEST(EndToEndRfc3665, CallHoldResumeByeOverLossyLink) {
    for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
        SCOPED_TRACE(seed);
        Call2 t(seed);
        test::LinkConditions lossy;
        lossy.drop = 0.2;
        lossy.min_delay = transaction::Duration(5);
        lossy.max_delay = transaction::Duration(40);
        t.network.set_default_conditions(lossy);
        established_then_hold_then_bye(t);
    }
}

// Delayed offer end to end (§13.2.1): Alice's INVITE has no SDP, Bob offers in the 200,
// Alice answers in the ACK; then Alice hangs up.
TEST(EndToEndRfc3665, DelayedOfferCall) {
    Call2 t;
    CallOptions options;
    options.target = "sip:bob@192.0.2.2:5060";
    options.media = test::audio_caps("192.0.2.1", 4000);
    options.delayed_offer = true;
    CallHandle a;
    t.alice.input([&](auto& out) { a = *t.alice.ua.invite(options, t.clock.now(), out); });
    t.run_for(5000);
    ASSERT_EQ(t.alice.events_of<Answered>().size(), 1u);
    ASSERT_EQ(t.bob.events_of<Answered>().size(), 1u);
    EXPECT_FALSE(t.bob.events_of<IncomingCall>()[0].has_offer);
    EXPECT_EQ(t.bob.events_of<Answered>()[0].session.streams[0].remote_rtp.port, 4000);
    t.alice.input([&](auto& out) { t.alice.ua.hangup(a, t.clock.now(), out); });
    t.run_for(5000);
    ASSERT_EQ(t.bob.events_of<Ended>().size(), 1u);
    EXPECT_EQ(t.bob.ua.call_count(), 0u);
    EXPECT_EQ(t.alice.ua.call_count(), 0u);
}

}  // namespace
}  // namespace dialtone::dialog
