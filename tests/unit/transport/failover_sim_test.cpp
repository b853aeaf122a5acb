// RFC 3263 §4.3 failover end to end on simulated time: a client TU walks its targets with
// TargetWalk and make_attempt over a real TransactionLayer (LayerDriver), through the loop
// network, to server layers that answer, stay silent, or fail at the transport. Each attempt
// is a client transaction of its own: new branch, timers from zero (RFC 3261 §17.1.2.2).

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dialtone/sip/message/via.hpp"
#include "dialtone/sip/transport/attempt_request.hpp"
#include "dialtone/sip/transport/target_walk.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/loop_network.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::transport {
namespace {

using transaction::at_ms;
using transaction::Duration;

const Endpoint kClient{Transport::Udp, "192.0.2.1", 5060};
const Endpoint kFirst{Transport::Udp, "192.0.2.10", 5060};
const Endpoint kSecond{Transport::Udp, "192.0.2.20", 5060};

ResolvedTarget target_at(const Endpoint& e) {
    ResolvedTarget t;
    t.endpoint = e;
    return t;
}

std::int64_t ms(transaction::Instant t) {
    return t.time_since_epoch().count();
}

// The TU side of runtime::OutboundRequests, on a LayerDriver.
class FailoverClient {
  public:
    FailoverClient(test::LayerDriver& driver, message::Message request, TargetList targets)
        : driver_(driver), request_(std::move(request)), walk_(std::move(targets), false) {
        driver_.on_tu = [this](const test::TuEvent& e) { on_tu(e); };
    }

    void start() { attempt(); }

    std::vector<int> delivered;         // statuses the TU saw
    std::optional<int> synthesized;     // the 408/503 made when every target failed
    std::vector<std::string> branches;  // one per attempt
    std::vector<std::int64_t> attempt_times;
    const TargetWalk& walk() const { return walk_; }

  private:
    void attempt() {
        const ResolvedTarget* t = walk_.current();
        ASSERT_NE(t, nullptr);
        AttemptRequest a =
            make_attempt(request_, *t, driver_.layer().new_branch(), [this](const Endpoint&) {
                return SentBy{driver_.local().ip, driver_.local().port};
            });
        ASSERT_FALSE(a.too_large);
        branches.emplace_back(a.request.top_via()->branch);
        attempt_times.push_back(ms(driver_.clock().now()));
        txn_ = driver_.send_request(std::move(a.request), a.destination);
    }

    void on_verdict(WalkVerdict v, int status) {
        switch (v) {
            case WalkVerdict::Deliver:
                delivered.push_back(status);
                return;
            case WalkVerdict::Retry:
                return attempt();
            case WalkVerdict::Fail:
                synthesized = walk_.failure_status();
                return;
            case WalkVerdict::Ignore:
                return;
        }
    }

    void on_tu(const test::TuEvent& e) {
        if (const auto* d = std::get_if<transaction::DeliverResponse>(&e.action)) {
            if (d->txn != txn_) return;
            const int status = d->response.status();
            on_verdict(walk_.on_response(status), status);
        } else if (const auto* t = std::get_if<transaction::Timeout>(&e.action)) {
            if (std::get<transaction::ClientHandle>(t->txn) != txn_) return;
            on_verdict(walk_.on_failure(AttemptFailure::Timeout), 0);
        } else if (const auto* f = std::get_if<transaction::TransportFailure>(&e.action)) {
            if (std::get<transaction::ClientHandle>(f->txn) != txn_) return;
            on_verdict(walk_.on_failure(AttemptFailure::TransportError), 0);
        }
    }

    test::LayerDriver& driver_;
    message::Message request_;
    TargetWalk walk_;
    transaction::ClientHandle txn_;
};

message::Message options_request() {
    return test::parse(
        "OPTIONS sip:bob@example.test SIP/2.0\r\nMax-Forwards: 70\r\n"
        "From: <sip:alice@example.test>;tag=f1\r\nTo: <sip:bob@example.test>\r\n"
        "Call-ID: failover-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
}

// A server TU that answers every request with `status`.
void answer_with(test::LayerDriver& server, int status) {
    server.on_tu = [&server, status](const test::TuEvent& e) {
        if (const auto* r = std::get_if<transaction::DeliverRequest>(&e.action)) {
            server.send_response(r->txn, test::make_response(*r->request, status, "srv"));
        }
    };
}

class FailoverSim : public ::testing::Test {
  protected:
    FailoverSim() {
        network.attach(client);
        network.attach(second);
        answer_with(second, 200);
    }
    // Sends from the client to the two targets and runs the clock for up to 100 s.
    FailoverClient& run() {
        tu.emplace(client, options_request(), TargetList({target_at(kFirst), target_at(kSecond)}));
        tu->start();
        clock.run_until_idle(at_ms(100000));
        return *tu;
    }
    std::vector<std::int64_t> sends_to(const Endpoint& e) const {
        std::vector<std::int64_t> out;
        for (const test::SentMessage& s : client.sent())
            if (s.destination == e) out.push_back(ms(s.at));
        return out;
    }

    test::SimClock clock;
    test::LoopNetwork network{clock, 7};
    test::LayerDriver client{clock, kClient};
    test::LayerDriver second{clock, kSecond};
    std::optional<FailoverClient> tu;
};

TEST_F(FailoverSim, SilentFirstTargetTimesOutThenSecondAnswers_Rfc3263_4_3_Rfc3261_17_1_2_2) {
    // Nothing is attached at kFirst: its datagrams vanish.
    FailoverClient& c = run();
    // Timer E retransmissions to the first target, doubling up to T2 = 4 s, until Timer F.
    EXPECT_EQ(sends_to(kFirst), (std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 11500, 15500,
                                                           19500, 23500, 27500, 31500}));
    // Timer F (64*T1 = 32 s) ends the first attempt; the second starts at once.
    ASSERT_EQ(c.attempt_times, (std::vector<std::int64_t>{0, 32000}));
    ASSERT_FALSE(sends_to(kSecond).empty());
    EXPECT_EQ(sends_to(kSecond).front(), 32000);
    EXPECT_EQ(c.delivered, (std::vector<int>{200}));
    EXPECT_FALSE(c.synthesized.has_value());
    ASSERT_EQ(c.branches.size(), 2u);
    EXPECT_NE(c.branches[0], c.branches[1]);  // a new client transaction (§17.1.3 matching)
    EXPECT_EQ(second.requests().size(), 1u);
}

TEST_F(FailoverSim, TransportErrorMovesOnAtOnce_Rfc3263_4_3_Rfc3261_8_1_3_1) {
    test::LayerDriver first{clock, kFirst};
    network.attach(first);
    answer_with(first, 200);
    network.set_failing(kFirst, true);
    FailoverClient& c = run();
    ASSERT_EQ(c.attempt_times.size(), 2u);
    EXPECT_LT(c.attempt_times[1], 100);  // after the link delay, not after Timer F
    EXPECT_EQ(c.delivered, (std::vector<int>{200}));
    EXPECT_TRUE(first.requests().empty());
}

TEST_F(FailoverSim, A503IsNotShownToTheTuWhileAnotherTargetRemains_Rfc3263_4_3) {
    test::LayerDriver first{clock, kFirst};
    network.attach(first);
    answer_with(first, 503);
    FailoverClient& c = run();
    EXPECT_EQ(c.delivered, (std::vector<int>{200}));
    EXPECT_EQ(first.requests().size(), 1u);
    EXPECT_EQ(second.requests().size(), 1u);
}

TEST_F(FailoverSim, EveryTargetSilentGives408AfterTheLastTimerF_Rfc3261_8_1_3_1) {
    test::LinkConditions lost;
    lost.drop = 1.0;
    network.set_conditions(kClient, kSecond, lost);
    FailoverClient& c = run();
    EXPECT_EQ(c.attempt_times, (std::vector<std::int64_t>{0, 32000}));
    EXPECT_TRUE(c.delivered.empty());
    ASSERT_TRUE(c.synthesized.has_value());
    EXPECT_EQ(*c.synthesized, 408);
    std::vector<std::int64_t> timeouts;
    for (const test::TuEvent& e : client.tu_events())
        if (std::holds_alternative<transaction::Timeout>(e.action)) timeouts.push_back(ms(e.at));
    EXPECT_EQ(timeouts, (std::vector<std::int64_t>{32000, 64000}));
}

}  // namespace
}  // namespace dialtone::transport
