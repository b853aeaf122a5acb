// The multi-core runtime (DESIGN.md §2.5) on loopback: every message reaches the handler
// of the worker its Call-ID hashes to, whichever socket or worker read it; timers fire on
// the worker that started them; a graceful stop waits for work in flight, within a bound.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>
#include <future>
#include <set>

#include "runtime/message_owner.hpp"
#include "unit/runtime/loopback_support.hpp"

namespace dialtone::runtime {
namespace {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;
using namespace test;
using namespace std::chrono_literals;

std::string call_id(int i) {
    return "w" + std::to_string(i) + "@127.0.0.1";
}

std::string call_id_of(const std::string& bytes) {
    const auto at = bytes.find("Call-ID: ");
    return bytes.substr(at + 9, bytes.find("\r\n", at) - at - 9);
}

class Workers : public ::testing::Test {
  protected:
    void SetUp() override {
        spdlog::set_level(spdlog::level::warn);
        record_ = std::make_shared<Record>();
        ServerConfig config = loopback_config(kWorkers);
        server_ = std::make_unique<RunningServer>(config, recording_handlers(record_));
    }

    static constexpr std::size_t kWorkers = 3;
    std::shared_ptr<Record> record_;
    std::unique_ptr<RunningServer> server_;
    boost::asio::io_context io_;
};

TEST_F(Workers, UdpMessagesGoToTheCallIdOwner_Design_2_5) {
    // Several client sockets: the kernel spreads them over the workers' sockets.
    std::vector<udp::socket> clients;
    for (int c = 0; c < 4; ++c)
        clients.emplace_back(io_, udp::endpoint(loopback(), 0));
    constexpr int kMessages = 60;
    for (int i = 0; i < kMessages; ++i) {
        const std::string req = options_request("UDP", i + 1, {}, call_id(i));
        clients[static_cast<std::size_t>(i) % clients.size()].send_to(
            boost::asio::buffer(req), udp::endpoint(loopback(), server_->udp_port()));
    }
    ASSERT_TRUE(record_->wait(5s, [&] { return record_->messages.size() == kMessages; }))
        << record_->messages.size();
    std::lock_guard lock(record_->mutex);
    std::set<std::size_t> workers_used;
    for (const auto& m : record_->messages) {
        const std::string id = call_id_of(m.bytes);
        EXPECT_EQ(m.worker, call_id_hash(id) % kWorkers) << id;
        EXPECT_EQ(m.source.transport, transport::Transport::Udp);
        EXPECT_EQ(m.source.ip, "127.0.0.1");
        EXPECT_EQ(m.source.connection, kNoConnection);
        workers_used.insert(m.worker);
    }
    EXPECT_EQ(workers_used.size(), kWorkers);
}

TEST_F(Workers, StreamMessagesGoToTheCallIdOwnerAndKnowTheirConnection_Design_2_5) {
    tcp::socket s(io_);
    s.connect(tcp::endpoint(loopback(), server_->tcp_port()));
    std::string all;
    constexpr int kMessages = 30;
    for (int i = 0; i < kMessages; ++i)
        all += options_request("TCP", i + 1, {}, call_id(i));
    boost::asio::write(s, boost::asio::buffer(all));
    ASSERT_TRUE(record_->wait(5s, [&] { return record_->messages.size() == kMessages; }));
    std::lock_guard lock(record_->mutex);
    const ConnectionId connection = record_->messages.front().source.connection;
    EXPECT_NE(connection, kNoConnection);
    for (const auto& m : record_->messages) {
        EXPECT_EQ(m.worker, call_id_hash(call_id_of(m.bytes)) % kWorkers);
        EXPECT_EQ(m.source.connection, connection);
        EXPECT_EQ(m.source.port, s.local_endpoint().port());
    }
}

TEST_F(Workers, TimersFireOnTheWorkerThatStartedThem) {
    for (std::size_t w = 0; w < kWorkers; ++w) {
        (*server_)->post_to_worker(w, [w](WorkerServices& services) {
            services.start_timer(100 + w, 5ms);  // cancelled below: must never fire
            services.start_timer(200 + w, 1ms);
            services.start_timer(300 + w, 30ms);
            EXPECT_TRUE(services.cancel_timer(100 + w));
            EXPECT_FALSE(services.cancel_timer(999));
        });
    }
    ASSERT_TRUE(record_->wait(5s, [&] { return record_->timers.size() >= 2 * kWorkers; }));
    std::lock_guard lock(record_->mutex);
    EXPECT_EQ(record_->timers.size(), 2 * kWorkers);
    std::set<std::pair<std::size_t, std::uint64_t>> fired(record_->timers.begin(),
                                                          record_->timers.end());
    for (std::size_t w = 0; w < kWorkers; ++w) {
        EXPECT_TRUE(fired.count({w, 200 + w}));
        EXPECT_TRUE(fired.count({w, 300 + w}));
        EXPECT_FALSE(fired.count({w, 100 + w}));
    }
}

TEST_F(Workers, PostFromAnotherThreadRunsOnTheWorker) {
    // A storage or DNS callback on its own thread hands its answer back this way.
    std::promise<std::thread::id> on_worker;
    (*server_)->post_to_worker(
        1, [&](WorkerServices&) { on_worker.set_value(std::this_thread::get_id()); });
    const std::thread::id worker_thread = on_worker.get_future().get();
    WorkerServices* services = nullptr;
    {
        std::lock_guard lock(record_->mutex);
        services = record_->services.at(1);
    }
    std::promise<std::thread::id> posted;
    std::thread other(
        [&] { services->post([&] { posted.set_value(std::this_thread::get_id()); }); });
    other.join();
    auto future = posted.get_future();
    ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(future.get(), worker_thread);
    EXPECT_NE(worker_thread, std::this_thread::get_id());
}

TEST(GracefulStop, WaitsForWorkInFlightThenStops) {
    spdlog::set_level(spdlog::level::warn);
    auto record = std::make_shared<Record>();
    record->in_flight = 1;  // e.g. a transaction still alive
    ServerConfig config = loopback_config(2);
    config.shutdown_grace = 30s;
    RunningServer server(config, recording_handlers(record));
    const std::uint16_t port = server.tcp_port();
    server->stop();
    // Every worker is told to drain; new connections are refused; run() keeps going.
    ASSERT_TRUE(record->wait(5s, [&] { return record->drained.size() == 2; }));
    boost::asio::io_context io;
    bool refused = false;
    for (int i = 0; i < 50 && !refused; ++i) {
        tcp::socket s(io);
        boost::system::error_code ec;
        s.connect(tcp::endpoint(loopback(), port), ec);
        refused = static_cast<bool>(ec);
        if (!refused) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(refused);
    EXPECT_FALSE(server.wait_finished(300ms));
    {
        std::lock_guard lock(record->mutex);
        record->in_flight = 0;
    }
    EXPECT_TRUE(server.wait_finished(5s));
}

TEST(GracefulStop, GraceBoundsTheWait) {
    spdlog::set_level(spdlog::level::off);  // the forced stop warns
    auto record = std::make_shared<Record>();
    record->in_flight = 3;  // never finishes
    ServerConfig config = loopback_config(2);
    config.shutdown_grace = 200ms;
    RunningServer server(config, recording_handlers(record));
    server->stop();
    EXPECT_TRUE(server.wait_finished(5s));
    spdlog::set_level(spdlog::level::warn);
}

TEST(GracefulStop, QueuedBytesAreWrittenBeforeClosing) {
    // The handler answers with more than the socket buffers hold and asks the server to
    // stop; the client reads only later, so the close finds bytes queued: they must all
    // arrive before the connection closes.
    spdlog::set_level(spdlog::level::warn);
    constexpr std::size_t kSize = 8 << 20;
    auto record = std::make_shared<Record>();
    std::atomic<Server*> server_ptr{nullptr};
    auto reply = [&server_ptr](const Inbound& message, WorkerServices& services) {
        services.send_response(message.source, std::string(kSize, 'x'));
        if (Server* server = server_ptr.load()) server->stop();
    };
    RunningServer server(loopback_config(2), recording_handlers(record, reply));
    server_ptr = &*server;
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(loopback(), server.tcp_port()));
    boost::asio::write(s, boost::asio::buffer(options_request("TCP", 1)));
    ASSERT_TRUE(record->wait(5s, [&] { return !record->messages.empty(); }));
    std::this_thread::sleep_for(300ms);  // the stop reaches the closing step meanwhile
    std::size_t received = 0;
    bool eof = false;
    std::vector<char> buf(1 << 16);
    while (!eof) {
        boost::system::error_code ec;
        received += read_within(s, boost::asio::buffer(buf), ec);
        if (ec == boost::asio::error::eof)
            eof = true;
        else if (ec)
            break;
    }
    EXPECT_EQ(received, kSize);
    EXPECT_TRUE(eof);
    EXPECT_TRUE(server.wait_finished(5s));
}

}  // namespace
}  // namespace dialtone::runtime
