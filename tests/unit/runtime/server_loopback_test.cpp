// The runtime around the responder, on loopback with ephemeral ports: UDP and TCP on one
// port, RFC 3261 §18.3 stream framing, RFC 5626 §3.5.1 keep-alive pongs, framing errors
// answered then closed, idle connections closed, clean stop. Every wait is bounded by a
// socket receive timeout.

#include "runtime/server.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <string>
#include <thread>

namespace dialtone::runtime {
namespace {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;

std::string options_request(std::string_view transport, int cseq, std::string_view extra = {}) {
    std::string r = "OPTIONS sip:127.0.0.1 SIP/2.0\r\n";
    r += "Via: SIP/2.0/";
    r += transport;
    r += " 127.0.0.1:9;branch=z9hG4bKloop" + std::to_string(cseq) + ";rport\r\n";
    r += "Max-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\nFrom: <sip:t@127.0.0.1>;tag=a\r\n";
    r += "Call-ID: loop@127.0.0.1\r\nCSeq: " + std::to_string(cseq) + " OPTIONS\r\n";
    r += extra;
    if (extra.find("Content-Length") == std::string_view::npos) r += "Content-Length: 0\r\n";
    r += "\r\n";
    return r;
}

template <class Socket>
void set_receive_timeout(Socket& s, std::chrono::milliseconds t) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(t.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
    ASSERT_EQ(::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
}

std::size_t count_of(const std::string& haystack, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t p = haystack.find(needle); p != std::string::npos;
         p = haystack.find(needle, p + 1))
        ++n;
    return n;
}

struct StreamRead {
    std::string bytes;
    bool eof = false;
};

// Reads until `want` occurrences of `needle` arrived, the peer closed, or the timeout.
StreamRead read_until(tcp::socket& s, std::string_view needle, std::size_t want) {
    StreamRead out;
    char buf[4096];
    while (count_of(out.bytes, needle) < want) {
        boost::system::error_code ec;
        const std::size_t n = s.read_some(boost::asio::buffer(buf), ec);
        if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) {
            out.eof = true;
            break;
        }
        if (ec) break;  // timeout
        out.bytes.append(buf, n);
    }
    return out;
}

// After the expected answer: the server must close the connection.
bool closed_by_server(tcp::socket& s) {
    char buf[256];
    boost::system::error_code ec;
    for (int i = 0; i < 8; ++i) {
        s.read_some(boost::asio::buffer(buf), ec);
        if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset)
            return true;
        if (ec) return false;  // timeout: still open
    }
    return false;
}

class ServerLoopback : public ::testing::Test {
  protected:
    void SetUp() override {
        spdlog::set_level(spdlog::level::warn);  // keep test output to failures
        ServerConfig config;
        ListenSpec spec;
        spec.address = "127.0.0.1";
        spec.port = 0;
        config.listen = {spec};
        config.handle_signals = false;
        config.idle_timeout = std::chrono::milliseconds(400);
        config.max_message_size = 4096;
        server_ = std::make_unique<Server>(config);
        server_->open();
        thread_ = std::thread([this] { server_->run(); });
        ASSERT_EQ(server_->udp_endpoints().size(), 1u);
        ASSERT_EQ(server_->tcp_endpoints().size(), 1u);
        port_ = server_->udp_endpoints()[0].port();
    }
    void TearDown() override {
        server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    tcp::socket connect() {
        tcp::socket s(io_);
        s.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
        set_receive_timeout(s, std::chrono::milliseconds(2000));
        return s;
    }

    boost::asio::io_context io_;
    std::unique_ptr<Server> server_;
    std::thread thread_;
    std::uint16_t port_ = 0;
};

TEST_F(ServerLoopback, UdpAndTcpShareThePort_Rfc3261_18) {
    EXPECT_NE(port_, 0);
    EXPECT_EQ(server_->tcp_endpoints()[0].port(), port_);
}

TEST_F(ServerLoopback, UdpOptionsAnsweredToSourcePort_Rfc3261_18_2_2) {
    udp::socket s(io_, udp::endpoint(udp::v4(), 0));
    set_receive_timeout(s, std::chrono::milliseconds(2000));
    const std::string req = options_request("UDP", 1);
    s.send_to(boost::asio::buffer(req),
              udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
    char buf[4096];
    udp::endpoint from;
    boost::system::error_code ec;
    const std::size_t n = s.receive_from(boost::asio::buffer(buf), from, 0, ec);
    ASSERT_FALSE(ec) << ec.message();
    const std::string response(buf, n);
    EXPECT_EQ(response.rfind("SIP/2.0 200 OK\r\n", 0), 0u) << response;
    EXPECT_EQ(from.port(), port_);  // sent from the listening socket
    // RFC 3581 §4: rport filled with the port the request came from.
    EXPECT_NE(response.find(";rport=" + std::to_string(s.local_endpoint().port())),
              std::string::npos)
        << response;
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

TEST_F(ServerLoopback, TcpKeepAlivePingGetsPong_Rfc5626_3_5_1) {
    tcp::socket s = connect();
    boost::asio::write(s, boost::asio::buffer(std::string("\r\n\r\n")));
    char buf[16];
    boost::system::error_code ec;
    const std::size_t n = s.read_some(boost::asio::buffer(buf), ec);
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
    ServerConfig config;
    ListenSpec spec;
    spec.address = "127.0.0.1";
    spec.port = 0;
    config.listen = {spec};
    config.handle_signals = false;
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
    s.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
    EXPECT_TRUE(ec);
}

TEST(ServerOpen, BusyPortIsAStartupError) {
    boost::asio::io_context io;
    udp::socket taken(io, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    ServerConfig config;
    ListenSpec spec;
    spec.address = "127.0.0.1";
    spec.port = taken.local_endpoint().port();
    spec.tcp = false;
    config.listen = {spec};
    config.handle_signals = false;
    Server server(config);
    try {
        server.open();
        FAIL() << "bound a busy port";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(spec.port)), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace dialtone::runtime
