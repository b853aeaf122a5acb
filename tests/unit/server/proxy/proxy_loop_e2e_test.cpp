// The proxy core driven as a runtime would drive it (proxy.hpp), on simulated time and the
// loop network: a UAC transaction layer → the proxy with its own transaction layer → two
// UAS layers registered for the same AoR. Checks RFC 3261 §16.6 forking, §16.10 CANCEL
// hop by hop with 487, and a forked call answered by one UAS while the other is cancelled,
// then the ACK for the 2xx routed through the proxy by Record-Route (§16.6, §12.2.1.1).

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "dialtone/sip/transaction/make_cancel.hpp"
#include "unit/server/proxy/proxy_fixture.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/loop_network.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::server::proxy::test {
namespace {

using transaction::ClientHandle;
using transaction::DeliverRequest;
using transaction::DeliverResponse;
using transport::Endpoint;
using transport::Transport;

const Endpoint kUac{Transport::Udp, "198.51.100.7", 5060};
const Endpoint kProxy{Transport::Udp, "192.0.2.100", 5060};
const Endpoint kUas1{Transport::Udp, "203.0.113.5", 5062};
const Endpoint kUas2{Transport::Udp, "203.0.113.6", 5062};

// Where a URI leads without DNS: the tests only use numeric hosts.
Endpoint endpoint_of(std::string_view uri_text) {
    auto uri = message::parse_uri(uri_text);
    EXPECT_TRUE(uri.ok()) << uri_text;
    if (!uri.ok()) return {};
    return Endpoint{Transport::Udp, std::string(uri->host.address()),
                    uri->has_port ? uri->port : std::uint16_t{5060}};
}

class ProxyLoop : public ProxyTest {
  protected:
    ProxyLoop()
        : network(clock, 7),
          uac(clock, kUac),
          proxy_layer(clock, kProxy),
          uas1(clock, kUas1),
          uas2(clock, kUas2) {
        for (dialtone::test::LayerDriver* d : {&uac, &proxy_layer, &uas1, &uas2})
            network.attach(*d);
        add_binding("sip:bob@example.test", "sip:bob@203.0.113.5:5062");
        add_binding("sip:bob@example.test", "sip:bob@203.0.113.6:5062");
        proxy_layer.on_tu = [this](const dialtone::test::TuEvent& e) { proxy_tu(e); };
        uas1.on_tu = [this](const dialtone::test::TuEvent& e) { uas_tu(uas1, e, answer1); };
        uas2.on_tu = [this](const dialtone::test::TuEvent& e) { uas_tu(uas2, e, std::nullopt); };
    }

    // --- the runtime glue, as proxy.hpp describes it ---
    void proxy_tu(const dialtone::test::TuEvent& e) {
        std::vector<Action> out;
        const std::int64_t wall = kWallMs + clock.now().time_since_epoch().count();
        if (const auto* d = std::get_if<DeliverRequest>(&e.action)) {
            IncomingRequest in{d->txn, d->request, d->source, in_if, false};
            if (d->request->method() == message::Method::Cancel)
                proxy().on_cancel(d->txn, *d->request, d->cancels, clock.now(), out);
            else if (d->request->method() == message::Method::Ack)
                proxy().on_ack({{}, d->request, d->source, in_if, false}, clock.now(), wall, out);
            else
                proxy().on_request(in, clock.now(), wall, out);
        } else if (const auto* r = std::get_if<DeliverResponse>(&e.action)) {
            auto it = branch_of.find(r->txn);
            if (it != branch_of.end())
                proxy().on_response(it->second, r->response, clock.now(), out);
        } else if (const auto* s = std::get_if<transaction::Stray>(&e.action)) {
            if (s->message.is_response()) {
                proxy().on_stray_response(s->message, out);
            } else if (s->reason == transaction::StrayReason::AckWithoutTransaction) {
                auto ack = std::make_shared<const Message>(s->message);
                proxy().on_ack({{}, ack, s->source, in_if, false}, clock.now(), wall, out);
            }
        } else if (const auto* t = std::get_if<transaction::Timeout>(&e.action)) {
            fail_branch(t->txn, BranchFailure::Timeout, out);
        } else if (const auto* f = std::get_if<transaction::TransportFailure>(&e.action)) {
            fail_branch(f->txn, BranchFailure::Transport, out);
        }
        execute(out);
    }

    void fail_branch(const transaction::TransactionRef& ref, BranchFailure kind,
                     std::vector<Action>& out) {
        if (const auto* c = std::get_if<ClientHandle>(&ref)) {
            auto it = branch_of.find(*c);
            if (it != branch_of.end())
                proxy().on_branch_failure(it->second, kind, clock.now(), out);
        }
    }

    void execute(std::vector<Action>& actions) {
        for (Action& a : actions) {
            if (auto* f = std::get_if<Forward>(&a)) {
                const Endpoint dest = f->hop.endpoint ? *f->hop.endpoint : endpoint_of(f->hop.uri);
                const bool stateful = static_cast<bool>(f->server);
                const BranchId b = f->branch;
                Message m = finish_forward(*f, in_if);
                if (stateful) {
                    ClientHandle h = proxy_layer.send_request(std::move(m), dest);
                    branch_of[h] = b;
                    client_of[b] = {h, dest};
                } else {
                    proxy_layer.send_stateless(m, dest);
                }
            } else if (auto* r = std::get_if<SendResponse>(&a)) {
                proxy_layer.send_response(r->server, r->response);
            } else if (auto* s = std::get_if<SendStatelessResponse>(&a)) {
                auto via = s->response.top_via();
                Endpoint dest{Transport::Udp, std::string(via->host.address()),
                              via->has_port ? via->port : std::uint16_t{5060}};
                proxy_layer.send_stateless(s->response, dest);
            } else if (auto* c = std::get_if<CancelBranch>(&a)) {
                auto [h, dest] = client_of.at(c->branch);
                auto invite = proxy_layer.layer().request(h);
                ASSERT_TRUE(invite);
                proxy_layer.send_request(transaction::make_cancel(*invite), dest);
                ++cancels_sent;
            } else if (auto* t = std::get_if<StartTimer>(&a)) {
                const TimerId id = t->id;
                timers[id] = clock.schedule(t->due, [this, id] {
                    timers.erase(id);
                    std::vector<Action> out;
                    proxy().on_timer(id, clock.now(), out);
                    execute(out);
                });
            } else if (auto* ct = std::get_if<CancelTimer>(&a)) {
                if (auto it = timers.find(ct->id); it != timers.end()) {
                    clock.cancel(it->second);
                    timers.erase(it);
                }
            }
        }
    }

    // A UAS: rings at once; answers 200 after `answer_after` when set; a CANCEL gets 200 and
    // its INVITE 487 (§9.2).
    void uas_tu(dialtone::test::LayerDriver& uas, const dialtone::test::TuEvent& e,
                std::optional<transaction::Duration> answer_after) {
        const auto* d = std::get_if<DeliverRequest>(&e.action);
        if (d == nullptr) return;
        const std::string tag = &uas == &uas1 ? "uas1" : "uas2";
        if (d->request->method() == message::Method::Invite) {
            uas.send_response(d->txn, dialtone::test::make_response(*d->request, 180, tag));
            if (answer_after) {
                const auto txn = d->txn;
                const auto request = d->request;
                clock.schedule_in(*answer_after, [&uas, txn, request, tag] {
                    Message ok = dialtone::test::make_response(*request, 200, tag);
                    std::string_view rr;
                    auto cur = request->values(HeaderId::RecordRoute);
                    while (cur.next(rr))
                        ok.add_header(HeaderId::RecordRoute, rr);
                    ok.add_header(HeaderId::Contact, "<sip:bob@203.0.113.5:5062>");
                    uas.send_response(txn, std::move(ok));
                });
            }
        } else if (d->request->method() == message::Method::Cancel) {
            uas.send_response(d->txn, dialtone::test::make_response(*d->request, 200, tag));
            if (d->cancels) {
                if (auto invite = uas.layer().request(d->cancels))
                    uas.send_response(d->cancels, dialtone::test::make_response(*invite, 487, tag));
            }
        }
    }

    ClientHandle call() {
        return uac.send_request(req(Req{.via = "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKuac1"}),
                                kProxy);
    }

    static std::vector<int> statuses(const dialtone::test::LayerDriver& d, ClientHandle h) {
        std::vector<int> out;
        for (const DeliverResponse& r : d.responses())
            if (r.txn == h) out.push_back(r.response.status());
        return out;
    }

    static int requests_of(const dialtone::test::LayerDriver& d, message::Method m) {
        int n = 0;
        for (const DeliverRequest& r : d.requests())
            if (r.request->method() == m) ++n;
        return n;
    }

    dialtone::test::SimClock clock;
    dialtone::test::LoopNetwork network;
    dialtone::test::LayerDriver uac, proxy_layer, uas1, uas2;
    std::optional<transaction::Duration> answer1;
    std::unordered_map<ClientHandle, BranchId> branch_of;
    std::map<BranchId, std::pair<ClientHandle, Endpoint>> client_of;
    std::unordered_map<TimerId, dialtone::test::SimClock::EventId> timers;
    int cancels_sent = 0;
};

// §16.6 parallel forking, §16.10: the caller cancels while both phones ring. The proxy
// answers the CANCEL 200 itself, cancels both branches, each UAS answers 487 (ACKed by the
// proxy's client transactions), and the caller gets one 487, which it ACKs.
TEST_F(ProxyLoop, Rfc3261_16_10_ForkThenCallerCancelGives487) {
    ClientHandle invite = call();
    clock.advance_by(transaction::Duration(200));
    EXPECT_EQ(requests_of(uas1, message::Method::Invite), 1);
    EXPECT_EQ(requests_of(uas2, message::Method::Invite), 1);
    EXPECT_EQ(statuses(uac, invite), (std::vector<int>{100, 180, 180}));

    auto original = uac.layer().request(invite);
    ASSERT_TRUE(original);
    ClientHandle cancel = uac.send_request(transaction::make_cancel(*original), kProxy);
    ASSERT_TRUE(clock.run_until_idle(transaction::at_ms(300'000)));

    EXPECT_EQ(statuses(uac, cancel), (std::vector<int>{200}));
    EXPECT_EQ(statuses(uac, invite), (std::vector<int>{100, 180, 180, 487}));
    EXPECT_EQ(requests_of(uas1, message::Method::Cancel), 1);
    EXPECT_EQ(requests_of(uas2, message::Method::Cancel), 1);
    EXPECT_EQ(cancels_sent, 2);
    EXPECT_EQ(proxy().contexts(), 0u);
    for (dialtone::test::LayerDriver* d : {&uac, &proxy_layer, &uas1, &uas2})
        EXPECT_EQ(d->layer().size(), 0u) << "every transaction ended";
    EXPECT_EQ(network.stats().unroutable, 0u);
}

// One fork answers: the 2xx reaches the caller at once with our Record-Route, the other
// fork is cancelled and answers 487 (absorbed by the proxy), and the caller's ACK for the
// 2xx reaches the answering UAS through the proxy by its Route.
TEST_F(ProxyLoop, Rfc3261_16_7_ForkOneAnswersOtherCancelledAckRouted) {
    answer1 = transaction::Duration(500);
    ClientHandle invite = call();
    clock.advance_by(transaction::Duration(1000));
    auto got = statuses(uac, invite);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), 200);
    EXPECT_EQ(requests_of(uas2, message::Method::Cancel), 1);

    Message ok = [&] {
        for (const DeliverResponse& r : uac.responses())
            if (r.txn == invite && r.response.status() == 200) return r.response;
        return Message::response(999);
    }();
    EXPECT_EQ(ok.header(HeaderId::RecordRoute), "<sip:192.0.2.100:5060;lr>");
    EXPECT_EQ(ok.count(HeaderId::Via), 1u) << "the proxy's Via was stripped";

    // §13.2.2.4: the ACK for the 2xx, built by the UAC core from the dialog: Request-URI the
    // remote target, Route the route set from Record-Route.
    Req ack;
    ack.method = "ACK";
    ack.ruri = "sip:bob@203.0.113.5:5062";
    ack.to = "sip:bob@example.test";
    ack.to_tag = "uas1";
    ack.via = "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKuacack";
    ack.routes = {"<sip:192.0.2.100:5060;lr>"};
    uac.send_stateless(req(ack), kProxy);
    ASSERT_TRUE(clock.run_until_idle(transaction::at_ms(300'000)));

    int acks = 0;
    for (const dialtone::test::TuEvent& e : uas1.tu_events()) {
        if (const auto* d = std::get_if<DeliverRequest>(&e.action))
            acks += d->request->method() == message::Method::Ack;
        if (const auto* s = std::get_if<transaction::Stray>(&e.action))
            acks += s->message.is_request() && s->message.method() == message::Method::Ack;
    }
    EXPECT_EQ(acks, 1) << "the ACK for the 2xx went through the proxy to the answering UAS";
    EXPECT_EQ(statuses(uac, invite).back(), 200) << "the cancelled fork's 487 stayed in the proxy";
    EXPECT_EQ(proxy().contexts(), 0u);
}

}  // namespace
}  // namespace dialtone::server::proxy::test
