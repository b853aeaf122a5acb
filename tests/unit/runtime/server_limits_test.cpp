// Limits on stream connections, on loopback: the per-IP connection cap (closed at accept)
// and the bound on how long one message may take to arrive once it has started.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "unit/runtime/loopback_support.hpp"

namespace dialtone::runtime {
namespace {

using boost::asio::ip::tcp;
using namespace test;
using namespace std::chrono_literals;

TEST(Limits, ConnectionsPerIpAreCappedAtAccept) {
    spdlog::set_level(spdlog::level::off);  // refusals log a warning
    ServerConfig config = loopback_config(2);
    config.max_connections_per_ip = 3;
    RunningServer server(config);
    boost::asio::io_context io;
    const tcp::endpoint to(loopback(), server.tcp_port());
    std::vector<tcp::socket> open;
    for (int i = 0; i < 3; ++i) {
        open.emplace_back(io);
        open.back().connect(to);
        boost::asio::write(open.back(), boost::asio::buffer(options_request("TCP", i + 1)));
        EXPECT_EQ(count_of(read_until(open.back(), "SIP/2.0 200 OK", 1).bytes, "SIP/2.0 200 OK"),
                  1u);
    }
    // The fourth is accepted by the kernel, then closed without an answer.
    tcp::socket fourth(io);
    fourth.connect(to);
    boost::system::error_code ec;
    boost::asio::write(fourth, boost::asio::buffer(options_request("TCP", 4)), ec);
    const StreamRead refused = read_until(fourth, "SIP/2.0", 1);
    EXPECT_TRUE(refused.eof);
    EXPECT_EQ(count_of(refused.bytes, "SIP/2.0"), 0u);
    // Closing one frees its slot.
    open.front().close();
    bool served = false;
    for (int attempt = 0; attempt < 50 && !served; ++attempt) {
        tcp::socket again(io);
        again.connect(to);
        boost::asio::write(again, boost::asio::buffer(options_request("TCP", 5)), ec);
        served = count_of(read_until(again, "SIP/2.0 200 OK", 1).bytes, "SIP/2.0 200 OK") == 1;
        if (!served) std::this_thread::sleep_for(20ms);  // the close is still on its way
    }
    EXPECT_TRUE(served);
    spdlog::set_level(spdlog::level::warn);
}

TEST(Limits, SlowMessageIsDroppedAndConnectionClosed) {
    spdlog::set_level(spdlog::level::off);
    ServerConfig config = loopback_config(2);
    config.message_timeout = 300ms;
    config.idle_timeout = 60s;  // so only the message bound can close it
    RunningServer server(config);
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(loopback(), server.tcp_port()));
    // A whole message is answered; then one that stops half-way is not, and the
    // connection goes although bytes keep trickling in (each one resets the idle timer).
    boost::asio::write(s, boost::asio::buffer(options_request("TCP", 1)));
    EXPECT_EQ(count_of(read_until(s, "SIP/2.0 200 OK", 1).bytes, "SIP/2.0 200 OK"), 1u);
    const std::string half = options_request("TCP", 2);
    boost::system::error_code ec;
    bool closed = false;
    for (std::size_t i = 0; i < half.size() - 4 && !closed; ++i) {
        boost::asio::write(s, boost::asio::buffer(half.data() + i, 1), ec);
        char buf[64];
        boost::system::error_code read_ec;
        read_within(s, boost::asio::buffer(buf), read_ec, 50ms);
        closed = read_ec == boost::asio::error::eof ||
                 read_ec == boost::asio::error::connection_reset || ec;
    }
    EXPECT_TRUE(closed);
    spdlog::set_level(spdlog::level::warn);
}

TEST(Limits, KeepAlivesBetweenMessagesDoNotCount_Rfc5626_3_5_1) {
    spdlog::set_level(spdlog::level::warn);
    ServerConfig config = loopback_config(1);
    config.message_timeout = 200ms;
    RunningServer server(config);
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(loopback(), server.tcp_port()));
    // Pings spread over longer than the message bound: no message is pending between them.
    for (int i = 0; i < 4; ++i) {
        boost::asio::write(s, boost::asio::buffer(std::string("\r\n\r\n")));
        const StreamRead pong = read_until(s, "\r\n", 1);
        EXPECT_EQ(pong.bytes, "\r\n");
        EXPECT_FALSE(pong.eof);
        std::this_thread::sleep_for(100ms);
    }
    boost::asio::write(s, boost::asio::buffer(options_request("TCP", 1)));
    EXPECT_EQ(count_of(read_until(s, "SIP/2.0 200 OK", 1).bytes, "SIP/2.0 200 OK"), 1u);
}

TEST(Limits, PeerThatDoesNotReadIsClosed) {
    // Answers pile up for a client that sends but never reads: past a bound (4 MiB queued)
    // the connection is closed instead of buffering without end.
    spdlog::set_level(spdlog::level::warn);
    auto record = std::make_shared<Record>();
    auto reply = [](const Inbound& message, WorkerServices& services) {
        services.send_response(message.source, std::string(1 << 20, 'x'));
    };
    RunningServer server(loopback_config(1), recording_handlers(record, reply));
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(loopback(), server.tcp_port()));
    std::string requests;
    for (int i = 1; i <= 12; ++i)
        requests += options_request("TCP", i);
    boost::asio::write(s, boost::asio::buffer(requests));
    ASSERT_TRUE(record->wait(kWait, [&] { return !record->messages.empty(); }));
    std::this_thread::sleep_for(200ms);  // let the answers pile up
    std::size_t received = 0;
    bool eof = false;
    std::vector<char> buf(1 << 16);
    while (!eof) {
        boost::system::error_code ec;
        received += read_within(s, boost::asio::buffer(buf), ec);
        if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) {
            eof = true;
        } else if (ec) {
            break;
        }
    }
    EXPECT_TRUE(eof);
    EXPECT_LT(received, std::size_t{12} << 20);
}

}  // namespace
}  // namespace dialtone::runtime
