// The send API the transaction glue will use (WorkerServices::send / send_response), on
// loopback: UDP leaves from the listening socket (RFC 3261 §18.1.1); TCP and TLS reuse one
// connection per destination, opened on demand, from whichever worker sends; sips: targets
// need TLS (§26.2.2); a response whose connection is gone follows the Via (§18.2.2);
// failures come back as values on the sending worker (§17.1.4).

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <future>

#include "unit/runtime/loopback_support.hpp"
#include "unit/runtime/test_certs.hpp"

namespace dialtone::runtime {
namespace {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;
using transport::Endpoint;
using transport::Transport;
using namespace test;
using namespace std::chrono_literals;

struct Failure {
    std::size_t worker = 0;
    SendFailure failure;
};

class Send : public ::testing::Test {
  protected:
    void SetUp() override {
        spdlog::set_level(spdlog::level::warn);
        record_ = std::make_shared<Record>();
    }

    // Sends from `worker`; the future holds the failure, if any, reported on that worker.
    std::future<Failure> send_from(RunningServer& server, std::size_t worker, Endpoint to,
                                   std::string bytes, SendOptions options = {}) {
        auto promise = std::make_shared<std::promise<Failure>>();
        auto future = promise->get_future();
        server->post_to_worker(worker, [=](WorkerServices& services) mutable {
            options.on_failure = [promise, &services](const SendFailure& f) {
                promise->set_value(Failure{services.worker_index(), f});
            };
            services.send(to, bytes, std::move(options));
        });
        return future;
    }

    std::shared_ptr<Record> record_;
    boost::asio::io_context io_;
};

TEST_F(Send, UdpLeavesFromTheListeningPort_Rfc3261_18_1_1) {
    RunningServer server(loopback_config(2), recording_handlers(record_));
    udp::socket peer(io_, udp::endpoint(loopback(), 0));
    for (std::size_t w = 0; w < 2; ++w) {
        send_from(server, w, Endpoint{Transport::Udp, "127.0.0.1", peer.local_endpoint().port()},
                  "hello " + std::to_string(w));
        char buf[256];
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t n = receive_within(peer, boost::asio::buffer(buf), from, ec);
        ASSERT_FALSE(ec) << ec.message();
        EXPECT_EQ(std::string(buf, n), "hello " + std::to_string(w));
        EXPECT_EQ(from.port(), server.udp_port());
    }
}

TEST_F(Send, TcpReusesOneConnectionFromEveryWorker_Rfc3261_18_1_1) {
    RunningServer server(loopback_config(3), recording_handlers(record_));
    tcp::acceptor acceptor(io_, tcp::endpoint(loopback(), 0));
    const Endpoint to{Transport::Tcp, "127.0.0.1", acceptor.local_endpoint().port()};
    for (std::size_t w = 0; w < 2; ++w)
        send_from(server, w, to, "m" + std::to_string(w) + ";");
    // The same destination written another way still finds the connection.
    send_from(server, 2, Endpoint{Transport::Tcp, "::ffff:127.0.0.1", to.port}, "m2;");
    ASSERT_TRUE(wait_readable(acceptor.native_handle(), kWait));
    tcp::socket first = acceptor.accept();
    const StreamRead r = read_until(first, ";", 3);
    EXPECT_EQ(count_of(r.bytes, ";"), 3u) << r.bytes;
    for (const char* m : {"m0;", "m1;", "m2;"})
        EXPECT_NE(r.bytes.find(m), std::string::npos) << r.bytes;
    // No second connection was opened.
    EXPECT_FALSE(wait_readable(acceptor.native_handle(), 200ms));
    // Answers arriving on the opened connection are messages like any other.
    boost::asio::write(first, boost::asio::buffer(options_request("TCP", 1)));
    ASSERT_TRUE(record_->wait(kWait, [&] { return record_->messages.size() == 1; }));
    std::lock_guard lock(record_->mutex);
    EXPECT_EQ(record_->messages[0].source.port, to.port);
    EXPECT_NE(record_->messages[0].source.connection, kNoConnection);
}

TEST_F(Send, ConnectFailureIsReportedOnTheSendingWorker_Rfc3261_17_1_4) {
    RunningServer server(loopback_config(2), recording_handlers(record_));
    tcp::acceptor closed(io_, tcp::endpoint(loopback(), 0));
    const std::uint16_t port = closed.local_endpoint().port();
    closed.close();  // nothing listens there now
    for (std::size_t w = 0; w < 2; ++w) {
        auto failure = send_from(server, w, Endpoint{Transport::Tcp, "127.0.0.1", port}, "x");
        ASSERT_EQ(failure.wait_for(5s), std::future_status::ready);
        const Failure f = failure.get();
        EXPECT_EQ(f.worker, w);
        EXPECT_EQ(f.failure.to.port, port);
        EXPECT_NE(f.failure.reason.find("connect"), std::string::npos) << f.failure.reason;
    }
}

TEST_F(Send, SipsTargetNeedsTls_Rfc3261_26_2_2) {
    RunningServer server(loopback_config(2), recording_handlers(record_));
    SendOptions options;
    options.secure_only = true;
    for (Transport t : {Transport::Udp, Transport::Tcp}) {
        auto failure = send_from(server, 1, Endpoint{t, "127.0.0.1", 5060}, "x", options);
        ASSERT_EQ(failure.wait_for(5s), std::future_status::ready);
        EXPECT_NE(failure.get().failure.reason.find("sips"), std::string::npos);
    }
}

class SendTls : public Send {
  protected:
    static void SetUpTestSuite() { certs_ = new TestCerts(make_test_certs()); }
    static void TearDownTestSuite() {
        remove_test_certs(*certs_);
        delete certs_;
        certs_ = nullptr;
    }
    // A TLS server that answers OPTIONS.
    static ServerConfig answering_server() {
        ServerConfig config = loopback_config(2);
        config.listen = {loopback_spec(false, false, true)};
        config.tls.cert_file = certs_->server_cert;
        config.tls.key_file = certs_->server_key;
        return config;
    }
    // A server that trusts the test CA when it connects out.
    static ServerConfig sending_server() {
        ServerConfig config = loopback_config(2);
        config.tls.ca_file = certs_->ca_cert;
        return config;
    }
    static TestCerts* certs_;
};

TestCerts* SendTls::certs_ = nullptr;

TEST_F(SendTls, OpensOneVerifiedConnectionAndReadsTheAnswers_Rfc3261_26_2_2) {
    RunningServer answering(answering_server());
    RunningServer sending(sending_server(), recording_handlers(record_));
    const Endpoint to{Transport::Tls, "127.0.0.1", answering.tls_port()};
    for (std::size_t w = 0; w < 2; ++w)
        send_from(sending, w, to,
                  options_request("TLS", static_cast<int>(w) + 1, {}, "out" + std::to_string(w)));
    ASSERT_TRUE(record_->wait(kWait, [&] { return record_->messages.size() == 2; }));
    std::lock_guard lock(record_->mutex);
    for (const auto& m : record_->messages) {
        EXPECT_EQ(m.bytes.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << m.bytes;
        EXPECT_EQ(m.source.transport, Transport::Tls);
        EXPECT_EQ(m.source.port, to.port);
        EXPECT_EQ(m.source.connection, record_->messages[0].source.connection);  // one connection
    }
}

TEST_F(SendTls, ServerCertificateMustNameTheTarget_Rfc3261_26_2_2) {
    RunningServer answering(answering_server());
    RunningServer sending(sending_server(), recording_handlers(record_));
    SendOptions options;
    options.secure_only = true;
    options.tls_server_name = "sip.example.com";  // the certificate names 127.0.0.1/localhost
    auto failure =
        send_from(sending, 0, Endpoint{Transport::Tls, "127.0.0.1", answering.tls_port()},
                  options_request("TLS", 1), options);
    ASSERT_EQ(failure.wait_for(5s), std::future_status::ready);
    EXPECT_NE(failure.get().failure.reason.find("TLS handshake failed"), std::string::npos);
}

TEST_F(SendTls, UntrustedServerIsRefused) {
    RunningServer answering(answering_server());
    ServerConfig config = loopback_config(1);  // no CA: the system store does not know ours
    RunningServer sending(config, recording_handlers(record_));
    auto failure =
        send_from(sending, 0, Endpoint{Transport::Tls, "127.0.0.1", answering.tls_port()},
                  options_request("TLS", 1));
    ASSERT_EQ(failure.wait_for(5s), std::future_status::ready);
    EXPECT_NE(failure.get().failure.reason.find("TLS handshake failed"), std::string::npos);
}

TEST_F(Send, ResponseWithoutItsConnectionFollowsTheVia_Rfc3261_18_2_2) {
    RunningServer server(loopback_config(2), recording_handlers(record_));
    tcp::acceptor acceptor(io_, tcp::endpoint(loopback(), 0));
    const std::string port = std::to_string(acceptor.local_endpoint().port());
    const std::string response =
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP client.example.com:" + port +
        ";branch=z9hG4bKgone;received=127.0.0.1\r\nCall-ID: gone\r\nCSeq: 1 OPTIONS\r\n"
        "Content-Length: 0\r\n\r\n";
    // The request came on a connection that no longer exists.
    const Source gone{Transport::Tcp, "127.0.0.1", 40000, make_connection_id(1, 987654), 0};
    server->post_to_worker(
        0, [&](WorkerServices& services) { services.send_response(gone, response); });
    ASSERT_TRUE(wait_readable(acceptor.native_handle(), kWait));
    tcp::socket s = acceptor.accept();
    const StreamRead r = read_until(s, "\r\n\r\n", 1);
    EXPECT_EQ(r.bytes, response);
}

TEST_F(Send, UnroutableResponseIsReported) {
    RunningServer server(loopback_config(2), recording_handlers(record_));
    const std::string response =
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP client.example.com:5070;branch=z9hG4bK1\r\n"
        "Content-Length: 0\r\n\r\n";
    auto promise = std::make_shared<std::promise<SendFailure>>();
    auto future = promise->get_future();
    server->post_to_worker(1, [=](WorkerServices& services) {
        const Source from{Transport::Udp, "127.0.0.1", 5070, kNoConnection, 0};
        services.send_response(from, response,
                               [promise](const SendFailure& f) { promise->set_value(f); });
    });
    ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
    EXPECT_NE(future.get().reason.find("RFC 3263"), std::string::npos);
}

}  // namespace
}  // namespace dialtone::runtime
