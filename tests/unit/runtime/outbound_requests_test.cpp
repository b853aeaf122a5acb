// runtime::OutboundRequests on a real one-worker runtime (SipHandler) against a UDP peer
// played by the test: the Via an attempt carries (RFC 3261 §8.1.1.7, §18.1.1, RFC 3581),
// responses to the TU, CANCEL only after a provisional response and on the INVITE's branch
// (§9.1), the ACK for a 2xx on a branch of its own (§13.2.2.4), and a transport error turned
// into 503 (§8.1.3.1).

#include "runtime/outbound_requests.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/via.hpp"
#include "runtime/sip_handler.hpp"
#include "unit/runtime/loopback_support.hpp"

namespace dialtone::runtime {
namespace {

using boost::asio::ip::udp;
using message::Message;

struct TuRecord {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<int> statuses;
    std::vector<bool> synthesized;
    std::vector<std::string> reasons;
    std::optional<OutboundId> id;
    std::optional<CancelResult> cancel;

    bool wait_for_status(int status) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] {
            for (int s : statuses)
                if (s == status) return true;
            return false;
        });
    }
};

Message request_text(std::string_view method, std::uint16_t peer_port, int cseq = 1) {
    std::string uri = "sip:bob@127.0.0.1:" + std::to_string(peer_port);
    std::string text = std::string(method) + " " + uri + " SIP/2.0\r\nMax-Forwards: 70\r\n" +
                       "From: <sip:alice@example.test>;tag=a1\r\nTo: <" + uri + ">\r\n" +
                       "Call-ID: outbound-" + std::string(method) + "@test\r\n" +
                       "CSeq: " + std::to_string(cseq) + " " + std::string(method) + "\r\n" +
                       "Content-Length: 0\r\n\r\n";
    auto m = Message::parse(text);
    EXPECT_TRUE(m.ok());
    return std::move(*m);
}

// The peer: a UDP socket the test reads and answers by hand.
class Peer {
  public:
    Peer() : socket_(io_, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {}
    std::uint16_t port() const { return socket_.local_endpoint().port(); }

    // The next datagram whose first line starts with `start`, skipping others (such as
    // retransmissions), or nullopt after `limit`.
    std::optional<Message> receive(std::string_view start,
                                   std::chrono::milliseconds limit = std::chrono::seconds(5)) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < until) {
            char buf[65536];
            boost::system::error_code ec;
            const std::size_t n = test::receive_within(socket_, boost::asio::buffer(buf), from_, ec,
                                                       std::chrono::milliseconds(200));
            if (ec) continue;
            std::string_view bytes(buf, n);
            if (bytes.substr(0, start.size()) != start) continue;
            auto m = Message::parse(bytes);
            if (m.ok()) return std::move(*m);
        }
        return std::nullopt;
    }

    // A response to `request` (§8.2.6 copies), sent back to where it came from.
    void answer(const Message& request, int status, std::string_view reason) {
        std::string r = "SIP/2.0 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
        auto vias = request.values(message::HeaderId::Via);
        for (std::string_view v; vias.next(v);)
            r += "Via: " + std::string(v) + "\r\n";
        r += "From: " + std::string(request.header(message::HeaderId::From)) + "\r\n";
        r += "To: " + std::string(request.header(message::HeaderId::To));
        if (status > 100) r += ";tag=peer";
        r += "\r\nCall-ID: " + std::string(request.call_id()) + "\r\n";
        r += "CSeq: " + std::string(request.header(message::HeaderId::CSeq)) + "\r\n";
        r += "Content-Length: 0\r\n\r\n";
        socket_.send_to(boost::asio::buffer(r), from_);
    }

  private:
    boost::asio::io_context io_;
    udp::socket socket_;
    udp::endpoint from_;
};

class OutboundRequestsTest : public ::testing::Test {
  protected:
    OutboundRequestsTest() {
        ServerConfig config = test::loopback_config(1);
        config.listen = {test::loopback_spec(true, false)};
        // A request a test leaves unanswered must not hold the stop for Timer F.
        config.shutdown_grace = std::chrono::milliseconds(200);
        server::ResponderConfig rc = responder_config(config);
        shared.responder = std::make_shared<const server::Responder>(rc);
        shared.tag_secret = rc.tag_secret;
        server.emplace(config, [this](WorkerServices& services) {
            auto h = std::make_unique<SipHandler>(shared, services);
            handler = h.get();
            return h;
        });
    }

    // Runs `fn` with the handler's OutboundRequests on the worker, and waits for it.
    void on_worker(std::function<void(OutboundRequests&)> fn) {
        std::mutex m;
        std::condition_variable cv;
        bool done = false;
        (*server)->post_to_worker(0, [&](WorkerServices&) {
            fn(handler->outbound());
            std::lock_guard lock(m);
            done = true;
            cv.notify_all();
        });
        std::unique_lock lock(m);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return done; }));
    }

    OutboundCallbacks callbacks() {
        OutboundCallbacks c;
        c.on_response = [this](const OutboundResponse& r) {
            std::lock_guard lock(tu.mutex);
            tu.statuses.push_back(r.response->status());
            tu.synthesized.push_back(r.synthesized);
            tu.reasons.push_back(r.reason);
            tu.cv.notify_all();
        };
        return c;
    }

    void send(Message request) {
        on_worker([&](OutboundRequests& out) {
            auto id = out.send(std::move(request), callbacks());
            ASSERT_TRUE(id.ok()) << id.error().description();
            tu.id = *id;
        });
    }

    SipHandlerShared shared;
    SipHandler* handler = nullptr;
    TuRecord tu;
    Peer peer;
    // Last, so it stops (and no TU callback runs) before what the callbacks touch is gone.
    std::optional<test::RunningServer> server;
};

TEST_F(OutboundRequestsTest, ViaCarriesSentByBranchAndRport_Rfc3261_8_1_1_7_Rfc3581) {
    send(request_text("OPTIONS", peer.port()));
    auto req = peer.receive("OPTIONS ");
    ASSERT_TRUE(req.has_value());
    auto via = req->top_via();
    ASSERT_TRUE(via.ok());
    EXPECT_EQ(via->transport, "UDP");
    EXPECT_EQ(via->host.text, "127.0.0.1");
    EXPECT_EQ(via->port, server->udp_port());
    EXPECT_TRUE(via->has_rfc3261_branch());
    EXPECT_TRUE(via->has_rport);
    EXPECT_EQ(req->count(message::HeaderId::Via), 1u);
    peer.answer(*req, 200, "OK");
    ASSERT_TRUE(tu.wait_for_status(200));
    std::lock_guard lock(tu.mutex);
    EXPECT_EQ(tu.statuses, (std::vector<int>{200}));
    EXPECT_FALSE(tu.synthesized[0]);
}

TEST_F(OutboundRequestsTest, CancelWaitsForProvisionalThenUsesTheInviteBranch_Rfc3261_9_1) {
    send(request_text("INVITE", peer.port()));
    auto invite = peer.receive("INVITE ");
    ASSERT_TRUE(invite.has_value());
    on_worker([&](OutboundRequests& out) { tu.cancel = out.cancel(*tu.id); });
    EXPECT_EQ(tu.cancel, CancelResult::WaitingProvisional);
    peer.answer(*invite, 180, "Ringing");
    auto cancel = peer.receive("CANCEL ");
    ASSERT_TRUE(cancel.has_value());
    EXPECT_EQ(cancel->top_via()->branch, invite->top_via()->branch);
    EXPECT_EQ(cancel->request_uri_text(), invite->request_uri_text());
    EXPECT_EQ(cancel->cseq()->number, invite->cseq()->number);
    peer.answer(*cancel, 200, "OK");
    peer.answer(*invite, 487, "Request Terminated");
    ASSERT_TRUE(tu.wait_for_status(487));
    // §17.1.1.3: the INVITE transaction acknowledges the 487 on the INVITE's branch.
    auto ack = peer.receive("ACK ");
    ASSERT_TRUE(ack.has_value());
    EXPECT_EQ(ack->top_via()->branch, invite->top_via()->branch);
    std::lock_guard lock(tu.mutex);
    EXPECT_EQ(tu.statuses, (std::vector<int>{180, 487}));  // the CANCEL's 200 is not the TU's
}

TEST_F(OutboundRequestsTest, CancelOfOptionsIsRefused_Rfc3261_9_1) {
    send(request_text("OPTIONS", peer.port()));
    on_worker([&](OutboundRequests& out) { tu.cancel = out.cancel(*tu.id); });
    EXPECT_EQ(tu.cancel, CancelResult::NotInvite);
    auto req = peer.receive("OPTIONS ");
    ASSERT_TRUE(req.has_value());
    EXPECT_FALSE(peer.receive("CANCEL ", std::chrono::milliseconds(600)).has_value());
    peer.answer(*req, 200, "OK");
    ASSERT_TRUE(tu.wait_for_status(200));
}

TEST_F(OutboundRequestsTest, AckFor2xxHasABranchOfItsOwn_Rfc3261_13_2_2_4) {
    send(request_text("INVITE", peer.port()));
    auto invite = peer.receive("INVITE ");
    ASSERT_TRUE(invite.has_value());
    peer.answer(*invite, 200, "OK");
    ASSERT_TRUE(tu.wait_for_status(200));
    bool sent = false;
    on_worker([&](OutboundRequests& out) {
        Message ack = request_text("ACK", peer.port());
        sent = out.send_ack(*tu.id, std::move(ack));
    });
    EXPECT_TRUE(sent);
    auto ack = peer.receive("ACK ");
    ASSERT_TRUE(ack.has_value());
    EXPECT_NE(ack->top_via()->branch, invite->top_via()->branch);
    EXPECT_TRUE(ack->top_via()->has_rfc3261_branch());
}

TEST_F(OutboundRequestsTest, TransportErrorOnTheOnlyTargetGives503_Rfc3261_8_1_3_1) {
    // A TCP port nobody listens on: the peer's UDP port number, over TCP.
    Message request = request_text("OPTIONS", peer.port());
    request.set_request_uri("sip:bob@127.0.0.1:" + std::to_string(peer.port()) + ";transport=tcp");
    send(std::move(request));
    ASSERT_TRUE(tu.wait_for_status(503));
    std::lock_guard lock(tu.mutex);
    ASSERT_EQ(tu.statuses.size(), 1u);
    EXPECT_TRUE(tu.synthesized[0]);
    EXPECT_NE(
        tu.reasons[0].find("tcp 127.0.0.1:" + std::to_string(peer.port()) + ": transport error"),
        std::string::npos)
        << tu.reasons[0];
}

}  // namespace
}  // namespace dialtone::runtime
