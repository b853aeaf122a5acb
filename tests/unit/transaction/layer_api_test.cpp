// TransactionLayer as a component: handles and timers that outlive their transaction are
// detected (never undefined behaviour), requests the layer cannot start a transaction for
// are refused with a reason (errors are values, DESIGN.md §2.4), branches are unique
// (RFC 3261 §8.1.1.7), and the layer itself never reads a clock.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"
#include "unit/transaction/test_util.hpp"

namespace dialtone::transaction {
namespace {

using message::Message;
using namespace testing_util;

Message options(std::string branch) {
    test::RequestSpec s;
    s.branch = std::move(branch);
    return test::make_request(s);
}

template <class T>
std::vector<T> of_type(const std::vector<Action>& actions) {
    std::vector<T> out;
    for (const Action& a : actions)
        if (const T* t = std::get_if<T>(&a)) out.push_back(*t);
    return out;
}

TEST(TransactionLayerApi, Rfc3261_17_1_StaleClientHandleIsDetected) {
    TransactionLayer layer;
    std::vector<Action> out;
    const Message request = options("z9hG4bK-a");
    auto h = layer.send_request(request, kTcpServer, at_ms(0), out);
    ASSERT_TRUE(h.ok());
    layer.on_message(test::make_response(request, 200), kTcpServer, at_ms(1), out);
    EXPECT_EQ(layer.size(), 0u);  // reliable: Timer K is zero
    EXPECT_EQ(layer.state(*h), std::nullopt);
    EXPECT_EQ(layer.request(*h), nullptr);
    out.clear();
    layer.on_transport_error(*h, at_ms(2), out);
    EXPECT_TRUE(out.empty());
    EXPECT_GE(layer.stats().stale_events, 1u);
}

TEST(TransactionLayerApi, Rfc3261_17_2_StaleServerHandleIsDetectedAfterSlotReuse) {
    TransactionLayer layer;
    std::vector<Action> out;
    const Message first = options("z9hG4bK-first");
    layer.on_message(first, kTcpClient, at_ms(0), out);
    const ServerHandle old = of_type<DeliverRequest>(out).at(0).txn;
    EXPECT_EQ(layer.send_response(old, test::make_response(first, 200), at_ms(1), out),
              ResponseResult::Sent);
    EXPECT_EQ(layer.size(), 0u);
    // A new transaction takes the freed slot; the old handle must not reach it.
    out.clear();
    const Message second = options("z9hG4bK-second");
    layer.on_message(second, kTcpClient, at_ms(2), out);
    const ServerHandle fresh = of_type<DeliverRequest>(out).at(0).txn;
    EXPECT_EQ(fresh.id.slot, old.id.slot);
    EXPECT_NE(fresh, old);
    EXPECT_EQ(layer.send_response(old, test::make_response(second, 486), at_ms(3), out),
              ResponseResult::StaleHandle);
    EXPECT_EQ(layer.state(fresh), State::Trying);
    EXPECT_EQ(layer.state(old), std::nullopt);
    // A default handle names nothing.
    EXPECT_EQ(layer.send_response(ServerHandle{}, test::make_response(second, 486), at_ms(3), out),
              ResponseResult::StaleHandle);
}

TEST(TransactionLayerApi, HandlesOfOneSideDoNotReachTheOther) {
    TransactionLayer layer;
    std::vector<Action> out;
    auto c = layer.send_request(options("z9hG4bK-c"), kUdpServer, at_ms(0), out);
    ASSERT_TRUE(c.ok());
    const ServerHandle as_server{c->id};
    EXPECT_EQ(layer.state(as_server), std::nullopt);
    EXPECT_EQ(layer.send_response(as_server, Message::response(200), at_ms(0), out),
              ResponseResult::StaleHandle);
}

TEST(TransactionLayerApi, Rfc3261_17_1_2_2_StaleTimersAreIgnored) {
    TransactionLayer layer;
    std::vector<Action> out;
    const Message request = options("z9hG4bK-t");
    auto h = layer.send_request(request, kUdpServer, at_ms(0), out);
    ASSERT_TRUE(h.ok());
    const auto started = of_type<StartTimer>(out);
    ASSERT_EQ(started.size(), 2u);  // E and F
    const TimerId first_e = started[0].id;
    EXPECT_EQ(first_e.name, TimerName::E);
    EXPECT_EQ(started[0].due, at_ms(500));
    EXPECT_EQ(started[1].id.name, TimerName::F);
    EXPECT_EQ(started[1].due, at_ms(32'000));

    // E fires: retransmission, and E is restarted under a new sequence number.
    out.clear();
    layer.on_timer(first_e, at_ms(500), out);
    ASSERT_EQ(of_type<Send>(out).size(), 1u);
    const TimerId second_e = of_type<StartTimer>(out).at(0).id;
    EXPECT_NE(second_e, first_e);
    // The old E again (a runtime firing it twice): ignored.
    out.clear();
    const auto stale_before = layer.stats().stale_events;
    layer.on_timer(first_e, at_ms(600), out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(layer.stats().stale_events, stale_before + 1);

    // The final response cancels E and F; firing them afterwards does nothing.
    layer.on_message(test::make_response(request, 200), kUdpServer, at_ms(700), out);
    const auto cancelled = of_type<CancelTimer>(out);
    ASSERT_EQ(cancelled.size(), 2u);
    out.clear();
    for (const CancelTimer& c : cancelled)
        layer.on_timer(c.id, at_ms(1500), out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(layer.state(*h), State::Completed);

    // A timer of a transaction that has ended (K fired) is ignored too.
    layer.on_message(test::make_response(request, 200), kUdpServer, at_ms(800), out);
    out.clear();
    layer.send_request(options("z9hG4bK-other"), kUdpServer, at_ms(900), out);
    const TimerId other_e = of_type<StartTimer>(out).at(0).id;
    out.clear();
    TimerId k{h->id, TimerName::K, 0};
    for (std::uint32_t seq = 1; seq < 10; ++seq) {  // whatever K's number is, once gone: stale
        k.seq = seq;
        layer.on_timer(k, at_ms(6'000), out);
    }
    const auto terminated = of_type<Terminated>(out);
    ASSERT_EQ(terminated.size(), 1u);
    out.clear();
    for (std::uint32_t seq = 1; seq < 10; ++seq) {
        k.seq = seq;
        layer.on_timer(k, at_ms(6'001), out);
    }
    EXPECT_TRUE(out.empty());
    // A made-up timer name for a live transaction that is not running: ignored.
    TimerId bogus = other_e;
    bogus.name = TimerName::H;
    layer.on_timer(bogus, at_ms(6'002), out);
    EXPECT_TRUE(out.empty());
}

TEST(TransactionLayerApi, TerminationCancelsEveryRunningTimer) {
    TransactionLayer layer;
    std::vector<Action> out;
    auto h = layer.send_request(options("z9hG4bK-x"), kUdpServer, at_ms(0), out);
    ASSERT_TRUE(h.ok());
    out.clear();
    layer.on_transport_error(*h, at_ms(10), out);
    const auto cancelled = of_type<CancelTimer>(out);
    ASSERT_EQ(cancelled.size(), 2u);  // E and F
    ASSERT_EQ(of_type<Terminated>(out).size(), 1u);
    ASSERT_EQ(of_type<TransportFailure>(out).size(), 1u);
    // Terminated comes last, after the TU was told why.
    EXPECT_TRUE(std::holds_alternative<Terminated>(out.back()));
}

TEST(TransactionLayerApi, Rfc3261_8_1_1_7_SendRequestRefusesWhatCannotBeATransaction) {
    TransactionLayer layer;
    std::vector<Action> out;
    // ACK never starts a client transaction (§17.1.1.3).
    test::RequestSpec ack;
    ack.method = "ACK";
    EXPECT_FALSE(layer.send_request(test::make_request(ack), kUdpServer, at_ms(0), out).ok());
    // A branch without the magic cookie.
    EXPECT_FALSE(layer.send_request(options("1234"), kUdpServer, at_ms(0), out).ok());
    EXPECT_FALSE(layer.send_request(options(""), kUdpServer, at_ms(0), out).ok());
    // CSeq method other than the request's (§8.1.1.5).
    test::RequestSpec bad_cseq;
    bad_cseq.cseq_method = "INVITE";
    auto r = layer.send_request(test::make_request(bad_cseq), kUdpServer, at_ms(0), out);
    ASSERT_FALSE(r.ok());
    EXPECT_FALSE(r.error().what.empty());
    // A response is not a request.
    EXPECT_FALSE(layer.send_request(Message::response(200), kUdpServer, at_ms(0), out).ok());
    // No Via at all.
    Message no_via = Message::request("OPTIONS", "sip:b@example.com");
    no_via.add_header(message::HeaderId::CSeq, "1 OPTIONS");
    EXPECT_FALSE(layer.send_request(no_via, kUdpServer, at_ms(0), out).ok());
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(layer.size(), 0u);
    // The same branch and method twice: the second would steal the first's responses.
    EXPECT_TRUE(layer.send_request(options("z9hG4bK-dup"), kUdpServer, at_ms(0), out).ok());
    EXPECT_FALSE(layer.send_request(options("z9hG4bK-dup"), kUdpServer, at_ms(0), out).ok());
    EXPECT_EQ(layer.size(), 1u);
}

TEST(TransactionLayerApi, Rfc3261_8_1_1_7_NewBranchesCarryTheCookieAndAreUnique) {
    TransactionLayer layer;
    std::set<std::string> seen;
    for (int i = 0; i < 10'000; ++i) {
        const std::string b = layer.new_branch();
        ASSERT_EQ(b.substr(0, 7), "z9hG4bK");
        ASSERT_GT(b.size(), 7u);
        ASSERT_TRUE(seen.insert(b).second) << b;
    }
    // Another seed, other branches.
    LayerConfig config;
    config.seed = 12345;
    TransactionLayer other(config);
    EXPECT_EQ(seen.count(other.new_branch()), 0u);
}

TEST(TransactionLayerApi, SendStatelessSendsOutsideAnyTransaction) {
    TransactionLayer layer;
    std::vector<Action> out;
    test::RequestSpec ack;
    ack.method = "ACK";
    const Message m = test::make_request(ack);
    layer.send_stateless(m, kUdpServer, out);
    ASSERT_EQ(out.size(), 1u);
    const Send& s = std::get<Send>(out[0]);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(s.txn));
    EXPECT_EQ(*s.bytes, m.to_string());
    EXPECT_EQ(s.destination, kUdpServer);
    EXPECT_EQ(layer.size(), 0u);
    out.clear();
    layer.on_transport_error(TransactionRef{}, at_ms(0), out);  // nobody to tell
    EXPECT_TRUE(out.empty());
}

TEST(TransactionLayerApi, SendResponseRefusesWhatIsNotAResponse) {
    TransactionLayer layer;
    std::vector<Action> out;
    const Message request = options("z9hG4bK-r");
    layer.on_message(request, kUdpClient, at_ms(0), out);
    const ServerHandle h = of_type<DeliverRequest>(out).at(0).txn;
    out.clear();
    EXPECT_EQ(layer.send_response(h, options("z9hG4bK-q"), at_ms(0), out),
              ResponseResult::NotAResponse);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(layer.state(h), State::Trying);
}

TEST(TransactionLayerApi, InstantsComeOnlyFromTheCaller) {
    // The same inputs at other instants give the same actions shifted by the difference:
    // the layer has no clock of its own (DESIGN.md §2.1).
    auto run = [](Instant base) {
        TransactionLayer layer;
        std::vector<Action> out;
        test::RequestSpec s;
        s.method = "INVITE";
        layer.send_request(test::make_request(s), kUdpServer, base, out);
        std::vector<std::int64_t> due;
        for (const StartTimer& t : of_type<StartTimer>(out))
            due.push_back((t.due - base).count());
        return due;
    };
    EXPECT_EQ(run(at_ms(0)), run(at_ms(987'654'321)));
    EXPECT_EQ(run(at_ms(0)), (std::vector<std::int64_t>{500, 32'000}));
}

TEST(TransactionLayerApi, StatsCountWhatHappened) {
    test::SimClock clock;
    test::LayerDriver uas(clock, kUdpServer);
    const Message request = options("z9hG4bK-s");
    uas.receive(request, kUdpClient);
    uas.receive(request, kUdpClient);
    uas.send_response(uas.requests().at(0).txn, test::make_response(request, 200));
    uas.receive(request, kUdpClient);
    const LayerStats& s = uas.layer().stats();
    EXPECT_EQ(s.server_created, 1u);
    EXPECT_EQ(s.live, 1u);
    EXPECT_EQ(s.absorbed, 1u);
    EXPECT_EQ(s.retransmissions, 1u);
    clock.advance_to(at_ms(40'000));
    EXPECT_EQ(uas.layer().stats().live, 0u);
    EXPECT_EQ(uas.layer().stats().terminated, 1u);
}

}  // namespace
}  // namespace dialtone::transaction
