// The admin HTTP server and client over loopback (port 0: the kernel picks a free one).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>

#include "ops/admin_client.hpp"
#include "ops/admin_endpoint.hpp"
#include "ops/admin_server.hpp"

namespace dialtone::ops {
namespace {

AdminEndpoint loopback_any_port() {
    return {"127.0.0.1", 0};
}

TEST(AdminEndpoint, AcceptsLoopbackOnly) {
    std::string error;
    auto e = parse_admin_endpoint("127.0.0.1:8060", error);
    ASSERT_TRUE(e) << error;
    EXPECT_EQ(e->host, "127.0.0.1");
    EXPECT_EQ(e->port, 8060);
    e = parse_admin_endpoint("[::1]:9000", error);
    ASSERT_TRUE(e) << error;
    EXPECT_EQ(e->host, "::1");
    EXPECT_EQ(e->to_string(), "[::1]:9000");
    EXPECT_TRUE(parse_admin_endpoint("127.0.0.2:0", error));
    EXPECT_FALSE(parse_admin_endpoint("127.0.0.1:0", error, false));
    EXPECT_FALSE(parse_admin_endpoint("0.0.0.0:8060", error));
    EXPECT_NE(error.find("loopback"), std::string::npos);
    EXPECT_FALSE(parse_admin_endpoint("192.0.2.1:8060", error));
    EXPECT_FALSE(parse_admin_endpoint("localhost:8060", error));
    EXPECT_FALSE(parse_admin_endpoint("127.0.0.1", error));
    EXPECT_FALSE(parse_admin_endpoint("127.0.0.1:65536", error));
    EXPECT_FALSE(parse_admin_endpoint("127.0.0.1:80x", error));
    EXPECT_FALSE(parse_admin_endpoint("::1:80", error));
    EXPECT_FALSE(parse_admin_endpoint("[::1]80", error));
}

TEST(AdminServer, ServesTheHandlersRepliesOnItsOwnThread) {
    std::atomic<int> calls{0};
    AdminServer server(loopback_any_port(), [&](std::string_view method, std::string_view target) {
        ++calls;
        return AdminReply{target == "/x" ? 200u : 404u, "text/plain",
                          std::string(method) + " " + std::string(target)};
    });
    ASSERT_NE(server.local_endpoint().port, 0);
    AdminFetch f = admin_get(server.local_endpoint(), "/x");
    ASSERT_TRUE(f.ok) << f.error;
    EXPECT_EQ(f.status, 200u);
    EXPECT_EQ(f.body, "GET /x");
    f = admin_get(server.local_endpoint(), "/y");
    ASSERT_TRUE(f.ok) << f.error;
    EXPECT_EQ(f.status, 404u);
    EXPECT_EQ(calls, 2);
}

TEST(AdminServer, AHandlerExceptionIsA500) {
    AdminServer server(loopback_any_port(), [](std::string_view, std::string_view) -> AdminReply {
        throw std::runtime_error("boom");
    });
    const AdminFetch f = admin_get(server.local_endpoint(), "/");
    ASSERT_TRUE(f.ok) << f.error;
    EXPECT_EQ(f.status, 500u);
    EXPECT_NE(f.body.find("boom"), std::string::npos);
}

TEST(AdminServer, GarbageGetsA400AndTheServerKeepsServing) {
    AdminServer server(loopback_any_port(), [](std::string_view, std::string_view) {
        return AdminReply{200, "text/plain", "fine"};
    });
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.local_endpoint().port});
    boost::asio::write(socket, boost::asio::buffer(std::string("\x01\x02 nonsense\r\n\r\n")));
    std::string answer(256, '\0');
    boost::system::error_code ec;
    const std::size_t n = socket.read_some(boost::asio::buffer(answer), ec);
    answer.resize(n);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
    const AdminFetch f = admin_get(server.local_endpoint(), "/");
    ASSERT_TRUE(f.ok) << f.error;
    EXPECT_EQ(f.body, "fine");
}

TEST(AdminServer, ASecondServerOnTheSamePortFailsToStart) {
    AdminServer first(loopback_any_port(),
                      [](std::string_view, std::string_view) { return AdminReply{}; });
    EXPECT_THROW(AdminServer(first.local_endpoint(),
                             [](std::string_view, std::string_view) { return AdminReply{}; }),
                 std::runtime_error);
}

TEST(AdminClient, NoServerIsAnErrorNotAHang) {
    // Bind a port and close it again: nothing listens there now.
    std::uint16_t port = 0;
    {
        AdminServer s(loopback_any_port(),
                      [](std::string_view, std::string_view) { return AdminReply{}; });
        port = s.local_endpoint().port;
    }
    const AdminFetch f = admin_get({"127.0.0.1", port}, "/", std::chrono::seconds(2));
    EXPECT_FALSE(f.ok);
    EXPECT_NE(f.error.find("connect"), std::string::npos) << f.error;
}

}  // namespace
}  // namespace dialtone::ops
