// A client layer and a server layer talking over the simulated loop network with 10% loss in
// both directions, plus jitter (so datagrams overtake each other) and some duplication. Every
// transaction must complete through the RFC 3261 §17 retransmission rules alone: the server
// TU sees each request once, the client TU each final response once (a 2xx to INVITE may
// reach it more than once, as RFC 6026 §7.2 requires: those are retransmissions by the UAS
// core, §13.3.1.4, which the test's UAS performs), and nothing times out.

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/loop_network.hpp"
#include "unit/support/sim_clock.hpp"
#include "unit/support/sip_builders.hpp"
#include "unit/transaction/test_util.hpp"

namespace dialtone::transaction {
namespace {

using message::Message;
using namespace testing_util;

enum class Flow { NonInvite, InviteRejected, InviteAccepted };

Flow flow_of(int i) {
    switch (i % 4) {
        case 0:
            return Flow::InviteRejected;
        case 1:
            return Flow::InviteAccepted;
        default:
            return Flow::NonInvite;
    }
}

int index_of(std::string_view call_id) {
    return std::stoi(std::string(call_id.substr(5, call_id.find('@') - 5)));  // "call-<i>@..."
}

struct ClientRecord {
    ClientHandle txn;
    int finals = 0;
    int provisionals = 0;
    int status = 0;
    std::set<std::string> accepted_tags;
};

struct ServerRecord {
    int requests = 0;
    int acks_for_2xx = 0;
    bool acked = false;
};

class TransactionLossyLoop : public ::testing::Test {
  protected:
    static constexpr int kTransactions = 1000;

    TransactionLossyLoop() {
        network.attach(client);
        network.attach(server);
        test::LinkConditions lossy;
        lossy.drop = 0.10;
        lossy.duplicate = 0.02;
        lossy.min_delay = Duration(5);
        lossy.max_delay = Duration(120);
        network.set_default_conditions(lossy);
        client.on_tu = [this](const test::TuEvent& e) { client_tu(e); };
        server.on_tu = [this](const test::TuEvent& e) { server_tu(e); };
    }

    void start(int i) {
        test::RequestSpec s;
        const Flow f = flow_of(i);
        s.method = f == Flow::NonInvite ? (i % 2 == 0 ? "MESSAGE" : "OPTIONS") : "INVITE";
        s.branch = client.layer().new_branch();
        s.via = client.local();
        s.call_id = "call-" + std::to_string(i) + "@test";
        s.cseq = static_cast<std::uint32_t>(i + 1);
        s.from_tag = "f" + std::to_string(i);
        const ClientHandle h = client.send_request(test::make_request(s), server.local());
        clients[i].txn = h;
        by_handle[h] = i;
    }

    // The UAC core: counts responses and ACKs every 2xx (§13.2.2.4).
    void client_tu(const test::TuEvent& e) {
        if (const auto* r = std::get_if<DeliverResponse>(&e.action)) {
            const int i = by_handle.at(r->txn);
            ClientRecord& c = clients[i];
            const int status = r->response.status();
            if (status < 200) {
                ++c.provisionals;
                return;
            }
            if (status < 300) {
                const bool first = c.accepted_tags.empty() && c.finals == 0;
                c.accepted_tags.insert(std::string(r->response.to()->tag));
                if (first) {
                    ++c.finals;
                    c.status = status;
                }
                send_ack_for_2xx(i, r->response);
                return;
            }
            ++c.finals;
            c.status = status;
        } else if (std::holds_alternative<Timeout>(e.action) ||
                   std::holds_alternative<TransportFailure>(e.action)) {
            ++client_failures;
        } else if (std::holds_alternative<Stray>(e.action)) {
            ++client_strays;
        }
    }

    void send_ack_for_2xx(int i, const Message& ok) {
        test::RequestSpec s;
        s.method = "ACK";
        s.branch =
            client.layer().new_branch();  // the ACK for a 2xx is a new transaction-less request
        s.via = client.local();
        s.call_id = std::string(ok.call_id());
        s.cseq = static_cast<std::uint32_t>(i + 1);
        s.from_tag = "f" + std::to_string(i);
        s.to_tag = std::string(ok.to()->tag);
        client.send_stateless(test::make_request(s), server.local());
    }

    // The UAS core: answers after a while; for an accepted INVITE retransmits the 2xx until
    // the ACK arrives (§13.3.1.4).
    void server_tu(const test::TuEvent& e) {
        if (const auto* r = std::get_if<DeliverRequest>(&e.action)) {
            const int i = index_of(r->request->call_id());
            if (r->request->method() == message::Method::Ack) {
                ++servers[i].acks_for_2xx;  // an ACK in Accepted, with the INVITE's branch
                servers[i].acked = true;
                return;
            }
            ++servers[i].requests;
            answer(i, r->txn, r->request);
        } else if (const auto* s = std::get_if<Stray>(&e.action)) {
            if (s->reason == StrayReason::AckWithoutTransaction) {
                const int i = index_of(s->message.call_id());
                ++servers[i].acks_for_2xx;
                servers[i].acked = true;
            } else {
                ++server_strays;
            }
        } else if (std::holds_alternative<Timeout>(e.action) ||
                   std::holds_alternative<TransportFailure>(e.action)) {
            ++server_failures;
        }
    }

    void answer(int i, ServerHandle txn, const RequestPtr& request) {
        const std::string tag = "t" + std::to_string(i);
        const Flow f = flow_of(i);
        if (f == Flow::NonInvite) {
            clock.schedule_in(Duration(i % 300), [this, txn, request, tag] {
                server.send_response(txn, test::make_response(*request, 200, tag));
            });
            return;
        }
        clock.schedule_in(Duration(50), [this, txn, request, tag] {
            server.send_response(txn, test::make_response(*request, 180, tag));
        });
        const Duration ring(500 + (i * 37) % 1000);
        if (f == Flow::InviteRejected) {
            clock.schedule_in(ring, [this, txn, request, tag] {
                server.send_response(txn, test::make_response(*request, 486, tag));
            });
            return;
        }
        clock.schedule_in(ring, [this, i, txn, request, tag] {
            auto ok = std::make_shared<Message>(test::make_response(*request, 200, tag));
            server.send_response(txn, *ok);
            retransmit_2xx(i, txn, ok, Duration(500), clock.now() + Duration(32'000));
        });
    }

    void retransmit_2xx(int i, ServerHandle txn, std::shared_ptr<Message> ok, Duration interval,
                        Instant give_up) {
        clock.schedule_in(interval, [this, i, txn, ok, interval, give_up] {
            if (servers[i].acked || clock.now() >= give_up) return;
            server.send_response(txn, *ok);
            retransmit_2xx(i, txn, ok, std::min(interval * 2, Duration(4'000)), give_up);
        });
    }

    test::SimClock clock;
    test::LayerDriver client{clock, {transport::Transport::Udp, "192.0.2.10", 5060}};
    test::LayerDriver server{clock, {transport::Transport::Udp, "192.0.2.20", 5060}};
    test::LoopNetwork network{clock, 0x5eed};
    std::map<int, ClientRecord> clients;
    std::map<int, ServerRecord> servers;
    std::unordered_map<ClientHandle, int> by_handle;
    int client_failures = 0;
    int server_failures = 0;
    int client_strays = 0;
    int server_strays = 0;
};

TEST_F(TransactionLossyLoop, Rfc3261_17_AllTransactionsCompleteThroughTenPercentLoss) {
    for (int i = 0; i < kTransactions; ++i) {
        clock.schedule(at_ms(i * 25), [this, i] { start(i); });
    }
    ASSERT_TRUE(clock.run_until_idle(at_ms(600'000)));

    EXPECT_EQ(client_failures, 0);
    EXPECT_EQ(server_failures, 0);
    EXPECT_EQ(server_strays, 0);
    ASSERT_EQ(clients.size(), static_cast<std::size_t>(kTransactions));
    ASSERT_EQ(servers.size(), static_cast<std::size_t>(kTransactions));
    for (int i = 0; i < kTransactions; ++i) {
        const ClientRecord& c = clients[i];
        const ServerRecord& s = servers[i];
        SCOPED_TRACE("transaction " + std::to_string(i));
        EXPECT_EQ(s.requests, 1);  // the server TU saw the request exactly once
        EXPECT_EQ(c.finals, 1);    // the client TU saw one final response
        switch (flow_of(i)) {
            case Flow::NonInvite:
                EXPECT_EQ(c.status, 200);
                break;
            case Flow::InviteRejected:
                EXPECT_EQ(c.status, 486);
                EXPECT_EQ(s.acks_for_2xx, 0);
                break;
            case Flow::InviteAccepted:
                EXPECT_EQ(c.status, 200);
                // Every 2xx the client saw came from the one UAS: one dialog.
                EXPECT_EQ(c.accepted_tags, (std::set<std::string>{"t" + std::to_string(i)}));
                EXPECT_TRUE(s.acked);
                break;
        }
    }
    // Both layers destroyed every transaction and left no timer behind.
    EXPECT_EQ(client.layer().size(), 0u);
    EXPECT_EQ(server.layer().size(), 0u);
    EXPECT_EQ(client.timers_pending(), 0u);
    EXPECT_EQ(server.timers_pending(), 0u);
    // The network really lost datagrams, and the layers really retransmitted.
    const test::NetworkStats& n = network.stats();
    EXPECT_GT(n.dropped, n.sent / 20);
    EXPECT_LT(n.dropped, n.sent / 5);
    EXPECT_GT(n.duplicated, 0u);
    EXPECT_GT(client.layer().stats().retransmissions, 100u);
    EXPECT_GT(server.layer().stats().retransmissions, 100u);
    EXPECT_GT(server.layer().stats().absorbed, 0u);
    std::cout << "[ lossy loop ] datagrams " << n.sent << ", dropped " << n.dropped
              << ", duplicated " << n.duplicated << "; client retransmissions "
              << client.layer().stats().retransmissions << ", server retransmissions "
              << server.layer().stats().retransmissions << "\n";
}

TEST_F(TransactionLossyLoop, Rfc3261_17_1_4_UnreachableDestinationReportsTransportFailure) {
    network.set_default_conditions(test::LinkConditions{});
    network.set_failing(server.local(), true);
    start(2);  // a non-INVITE
    start(3);
    clock.run_until_idle(at_ms(60'000));
    EXPECT_EQ(client_failures, 2);
    EXPECT_EQ(client.transport_failures().size(), 2u);
    EXPECT_EQ(client.layer().size(), 0u);
    EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace dialtone::transaction
