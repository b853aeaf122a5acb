// The runtime around the responder, on loopback with ephemeral ports and two workers: UDP
// and TCP on one port, RFC 3261 §18.3 stream framing, RFC 5626 §3.5.1 keep-alive pongs,
// framing errors answered then closed, idle connections closed, §18.2.2 response routing,
// clean stop. Every wait is bounded by a socket receive timeout.

#include "runtime/server.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "unit/runtime/loopback_support.hpp"

namespace dialtone::runtime {
namespace {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;
using namespace test;

class ServerLoopback : public ::testing::Test {
  protected:
    void SetUp() override {
        spdlog::set_level(spdlog::level::warn);  // keep test output to failures
        ServerConfig config = loopback_config(2);
        config.idle_timeout = std::chrono::milliseconds(400);
        server_ = std::make_unique<RunningServer>(config);
        ASSERT_EQ((*server_)->udp_endpoints().size(), 1u);
        ASSERT_EQ((*server_)->tcp_endpoints().size(), 1u);
        port_ = server_->udp_port();
    }
    void TearDown() override { server_.reset(); }

    tcp::socket connect() {
        tcp::socket s(io_);
        s.connect(tcp::endpoint(loopback(), port_));
        return s;
    }

    boost::asio::io_context io_;
    std::unique_ptr<RunningServer> server_;
    std::uint16_t port_ = 0;
};

TEST_F(ServerLoopback, UdpAndTcpShareThePort_Rfc3261_18) {
    EXPECT_NE(port_, 0);
    EXPECT_EQ(server_->tcp_port(), port_);
}

TEST_F(ServerLoopback, UdpOptionsAnsweredFromListeningPort_Rfc3261_18_1_1) {
    udp::socket s(io_, udp::endpoint(udp::v4(), 0));
    // Many Call-IDs: with two workers some are handled by the worker that did not read them.
    for (int i = 0; i < 16; ++i) {
        const std::string req =
            options_request("UDP", i + 1, {}, "call-" + std::to_string(i) + "@127.0.0.1");
        s.send_to(boost::asio::buffer(req), udp::endpoint(loopback(), port_));
        char buf[4096];
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t n = receive_within(s, boost::asio::buffer(buf), from, ec);
        ASSERT_FALSE(ec) << ec.message();
        const std::string response(buf, n);
        EXPECT_EQ(response.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << response;
        EXPECT_EQ(from.port(), port_);  // sent from a listening socket
        // RFC 3581 §4: rport filled with the port the request came from.
        EXPECT_NE(response.find(";rport=" + std::to_string(s.local_endpoint().port())),
                  std::string::npos)
            << response;
    }
}

// A burst queued before the server reads: longer than the run of datagrams a worker reads
// on one readiness, so the rest are read after it yields. Every one is answered.
TEST_F(ServerLoopback, UdpBurstIsReadWhole) {
    udp::socket s(io_, udp::endpoint(udp::v4(), 0));
    s.set_option(boost::asio::socket_base::receive_buffer_size(1 << 20));
    constexpr int kBurst = 100;
    for (int i = 0; i < kBurst; ++i) {
        const std::string req =
            options_request("UDP", i + 1, {}, "burst-" + std::to_string(i) + "@127.0.0.1");
        s.send_to(boost::asio::buffer(req), udp::endpoint(loopback(), port_));
    }
    std::set<std::string> answered;
    for (int i = 0; i < kBurst; ++i) {
        char buf[4096];
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t n = receive_within(s, boost::asio::buffer(buf), from, ec);
        ASSERT_FALSE(ec) << ec.message() << " after " << answered.size() << " answers";
        const std::string response(buf, n);
        ASSERT_EQ(response.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << response;
        const std::size_t at = response.find("burst-");
        ASSERT_NE(at, std::string::npos) << response;
        answered.insert(response.substr(at, response.find('@', at) - at));
    }
    EXPECT_EQ(answered.size(), static_cast<std::size_t>(kBurst));
}

TEST_F(ServerLoopback, UdpWithoutRportAnsweredToSentByPort_Rfc3261_18_2_2) {
    // The request leaves from one socket but its Via names another port (and, in the
    // second case, another address): without rport the response goes to the received
    // address at the sent-by port.
    udp::socket sender(io_, udp::endpoint(loopback(), 0));
    udp::socket listener(io_, udp::endpoint(loopback(), 0));
    const std::string listen_port = std::to_string(listener.local_endpoint().port());
    int cseq = 1;
    for (const std::string host : {"127.0.0.1", "192.0.2.77"}) {
        const std::string req =
            options_request("UDP", cseq++, {}, "nat@127.0.0.1", host + ":" + listen_port);
        sender.send_to(boost::asio::buffer(req), udp::endpoint(loopback(), port_));
        char buf[4096];
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t n = receive_within(listener, boost::asio::buffer(buf), from, ec);
        ASSERT_FALSE(ec) << host << ": " << ec.message();
        const std::string response(buf, n);
        EXPECT_EQ(response.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << response;
        EXPECT_EQ(from.port(), port_);
        if (host != "127.0.0.1") {
            // §18.2.1: sent-by differs from the source, so received says the source.
            EXPECT_NE(response.find("192.0.2.77:" + listen_port +
                                    ";branch=z9hG4bKloop2;received=127.0.0.1"),
                      std::string::npos)
                << response;
        }
        // Nothing went back to the sending socket.
        receive_within(sender, boost::asio::buffer(buf), from, ec, std::chrono::milliseconds(200));
        EXPECT_EQ(ec, boost::asio::error::timed_out);
    }
}

TEST_F(ServerLoopback, TcpPipelinedAndSplitMessages_Rfc3261_18_3) {
    tcp::socket s = connect();
    const std::string two = options_request("TCP", 1) + options_request("TCP", 2);
    boost::asio::write(s, boost::asio::buffer(two));
    const std::string third = options_request("TCP", 3);
    boost::asio::write(s, boost::asio::buffer(third.substr(0, 40)));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    boost::asio::write(s, boost::asio::buffer(third.substr(40)));
    const StreamRead r = read_until(s, "SIP/2.0 200 OK\r\n", 3);
    EXPECT_EQ(count_of(r.bytes, "SIP/2.0 200 OK\r\n"), 3u) << r.bytes;
    EXPECT_NE(r.bytes.find("CSeq: 1 OPTIONS"), std::string::npos);
    EXPECT_NE(r.bytes.find("CSeq: 3 OPTIONS"), std::string::npos);
    EXPECT_FALSE(r.eof);
}

TEST_F(ServerLoopback, TcpAnswersComeBackOnTheConnectionWhateverWorkerHandles_Rfc3261_18_2_2) {
    tcp::socket s = connect();
    std::string all;
    for (int i = 1; i <= 20; ++i)
        all += options_request("TCP", i, {}, "c" + std::to_string(i) + "@127.0.0.1");
    boost::asio::write(s, boost::asio::buffer(all));
    const StreamRead r = read_until(s, "SIP/2.0 200 OK\r\n", 20);
    EXPECT_EQ(count_of(r.bytes, "SIP/2.0 200 OK\r\n"), 20u) << r.bytes;
    for (int i = 1; i <= 20; ++i)
        EXPECT_NE(r.bytes.find("Call-ID: c" + std::to_string(i) + "@127.0.0.1"), std::string::npos);
}

TEST_F(ServerLoopback, TcpKeepAlivePingGetsPong_Rfc5626_3_5_1) {
    tcp::socket s = connect();
    boost::asio::write(s, boost::asio::buffer(std::string("\r\n\r\n")));
    char buf[16];
    boost::system::error_code ec;
    const std::size_t n = read_within(s, boost::asio::buffer(buf), ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(std::string(buf, n), "\r\n");
    // The connection still serves requests afterwards.
    boost::asio::write(s, boost::asio::buffer(options_request("TCP", 1)));
    EXPECT_EQ(count_of(read_until(s, "SIP/2.0 200 OK", 1).bytes, "SIP/2.0 200 OK"), 1u);
}

TEST_F(ServerLoopback, TcpBadContentLengthGets400ThenClose_Rfc3261_18_3) {
    tcp::socket s = connect();
    boost::asio::write(s, boost::asio::buffer(options_request("TCP", 1, "Content-Length: -3\r\n")));
    const StreamRead r = read_until(s, "\r\n\r\n", 1);
    EXPECT_EQ(r.bytes.rfind("SIP/2.0 400 ", 0), 0u) << r.bytes;
    EXPECT_NE(r.bytes.find("Content-Length"), std::string::npos);
    EXPECT_TRUE(r.eof || closed_by_server(s));
}

TEST_F(ServerLoopback, TcpTooLargeGets513ThenClose_Rfc3261_18_1_1) {
    tcp::socket s = connect();
    boost::asio::write(
        s, boost::asio::buffer(options_request("TCP", 1, "Content-Length: 100000\r\n")));
    const StreamRead r = read_until(s, "\r\n\r\n", 1);
    EXPECT_EQ(r.bytes.rfind("SIP/2.0 513 ", 0), 0u) << r.bytes;
    EXPECT_TRUE(r.eof || closed_by_server(s));
}

TEST_F(ServerLoopback, TcpEndlessHeaderGets513ThenClose_Rfc3261_18_1_1) {
    tcp::socket s = connect();
    std::string head = options_request("TCP", 1);
    head.resize(head.size() - 2);  // no empty line: the header section never ends
    head += "Subject: " + std::string(8000, 'x');
    boost::system::error_code ec;
    boost::asio::write(s, boost::asio::buffer(head), ec);  // the server may close mid-way
    const StreamRead r = read_until(s, "\r\n\r\n", 1);
    EXPECT_EQ(r.bytes.rfind("SIP/2.0 513 ", 0), 0u) << r.bytes;
    EXPECT_TRUE(r.eof || closed_by_server(s));
}

TEST_F(ServerLoopback, TcpIdleConnectionIsClosed) {
    tcp::socket s = connect();
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(closed_by_server(s));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_GE(elapsed, std::chrono::milliseconds(300));
    EXPECT_LT(elapsed, std::chrono::milliseconds(3000));
}

TEST(ServerStop, StopEndsRunAndClosesSockets) {
    ServerConfig config = loopback_config(2);
    Server server(config);
    server.open();
    const std::uint16_t port = server.tcp_endpoints()[0].port();
    std::thread t([&] { server.run(); });
    server.stop();
    t.join();
    // Nothing listens any more.
    boost::asio::io_context io;
    tcp::socket s(io);
    boost::system::error_code ec;
    s.connect(tcp::endpoint(loopback(), port), ec);
    EXPECT_TRUE(ec);
}

TEST(ServerOpen, BusyPortIsAStartupError) {
    boost::asio::io_context io;
    udp::socket taken(io, udp::endpoint(loopback(), 0));
    for (std::size_t workers : {1u, 3u}) {
        ServerConfig config = loopback_config(workers);
        config.listen[0].port = taken.local_endpoint().port();
        config.listen[0].tcp = false;
        Server server(config);
        try {
            server.open();
            FAIL() << "bound a busy port with " << workers << " workers";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(std::to_string(config.listen[0].port)),
                      std::string::npos)
                << e.what();
        }
    }
}

}  // namespace
}  // namespace dialtone::runtime
