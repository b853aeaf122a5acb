// The test support itself: the simulated clock runs events in time order and the loop
// network drops, duplicates and delays as configured, reproducibly from its seed.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/support/layer_driver.hpp"
#include "unit/support/loop_network.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::test {
namespace {

using transaction::at_ms;
using transaction::Duration;

TEST(SupportSimClock, RunsEventsInTimeOrderThenSchedulingOrder) {
    SimClock clock;
    std::vector<std::string> log;
    clock.schedule(at_ms(30), [&] { log.push_back("c"); });
    clock.schedule(at_ms(10), [&] { log.push_back("a"); });
    clock.schedule(at_ms(10), [&] { log.push_back("b"); });
    const auto dropped = clock.schedule(at_ms(20), [&] { log.push_back("never"); });
    EXPECT_TRUE(clock.cancel(dropped));
    EXPECT_FALSE(clock.cancel(dropped));
    clock.schedule(at_ms(15), [&] {
        log.push_back("x@" + std::to_string(clock.now().time_since_epoch().count()));
        clock.schedule_in(Duration(5), [&] { log.push_back("y"); });  // due 20, before c
    });
    clock.advance_to(at_ms(25));
    EXPECT_EQ(log, (std::vector<std::string>{"a", "b", "x@15", "y"}));
    EXPECT_EQ(clock.now(), at_ms(25));
    EXPECT_EQ(clock.next_due(), at_ms(30));
    EXPECT_TRUE(clock.run_until_idle(at_ms(100)));
    EXPECT_EQ(log.back(), "c");
}

class SupportLoopNetwork : public ::testing::Test {
  protected:
    void send_options(int n) {
        for (int i = 0; i < n; ++i) {
            RequestSpec s;
            s.branch = a.layer().new_branch();
            s.via = a.local();
            a.send_request(make_request(s), b.local());
        }
    }

    SimClock clock;
    LayerDriver a{clock, {transport::Transport::Udp, "192.0.2.1", 5060}};
    LayerDriver b{clock, {transport::Transport::Udp, "192.0.2.2", 5060}};
};

TEST_F(SupportLoopNetwork, DeliversWithDelayAsParsedMessages) {
    LoopNetwork net(clock, 1);
    net.attach(a);
    net.attach(b);
    LinkConditions slow;
    slow.min_delay = Duration(40);
    slow.max_delay = Duration(40);
    net.set_conditions(a.local(), b.local(), slow);
    send_options(1);
    clock.advance_to(at_ms(39));
    EXPECT_TRUE(b.requests().empty());
    clock.advance_to(at_ms(40));
    ASSERT_EQ(b.requests().size(), 1u);
    EXPECT_EQ(b.requests()[0].source, a.local());
    EXPECT_EQ(net.stats().delivered, 1u);
}

TEST_F(SupportLoopNetwork, DropsAndDuplicatesPerDirection) {
    LoopNetwork net(clock, 2);
    net.attach(a);
    net.attach(b);
    LinkConditions black_hole;
    black_hole.drop = 1.0;
    net.set_conditions(a.local(), b.local(), black_hole);
    send_options(3);
    clock.advance_to(at_ms(100));
    EXPECT_TRUE(b.requests().empty());
    EXPECT_EQ(net.stats().dropped, 3u);

    LinkConditions doubled;
    doubled.duplicate = 1.0;
    net.set_conditions(a.local(), b.local(), doubled);
    clock.advance_to(at_ms(600));        // the three retransmit at 500 ms, each arriving twice
    EXPECT_EQ(b.requests().size(), 3u);  // the layer absorbs the copies
    EXPECT_EQ(net.stats().duplicated, 3u);
    EXPECT_EQ(net.stats().delivered, 6u);
}

TEST(SupportLoopNetworkSeed, SameSeedSameRun) {
    auto run = [](std::uint64_t seed) {
        SimClock clock;
        LayerDriver a(clock, {transport::Transport::Udp, "192.0.2.1", 5060});
        LayerDriver b(clock, {transport::Transport::Udp, "192.0.2.2", 5060});
        LoopNetwork net(clock, seed);
        net.attach(a);
        net.attach(b);
        LinkConditions lossy;
        lossy.drop = 0.3;
        lossy.max_delay = Duration(50);
        net.set_default_conditions(lossy);
        for (int i = 0; i < 50; ++i) {
            RequestSpec s;
            s.branch = "z9hG4bK-" + std::to_string(i);
            a.send_request(make_request(s), b.local());
        }
        clock.advance_to(at_ms(2'000));
        return std::vector<std::uint64_t>{net.stats().dropped, net.stats().delivered,
                                          b.requests().size()};
    };
    EXPECT_EQ(run(7), run(7));
    EXPECT_NE(run(7), run(8));
}

}  // namespace
}  // namespace dialtone::test
