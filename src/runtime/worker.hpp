#pragma once
// One worker of the multi-core runtime (DESIGN.md §2.5): a thread running its own
// io_context, with its own UDP sockets, its own share of the stream connections, its own
// timers and its own message handler. Workers share nothing on the message path: a message
// read on one worker but owned (by Call-ID) by another, and a send to a connection another
// worker owns, are handed over with asio::post.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/connection_table.hpp"
#include "runtime/message_handler.hpp"
#include "runtime/stream_connection.hpp"
#include "runtime/timer_service.hpp"
#include "runtime/udp_socket.hpp"
#include "runtime/worker_services.hpp"

namespace dialtone::runtime {

class Worker;

// What the workers of one server share: set up before they start, read-only after.
struct WorkerGroup {
    std::vector<std::unique_ptr<Worker>> workers;
    StreamLimits limits;
    boost::asio::ssl::context* server_tls = nullptr;  // accepted TLS connections
    boost::asio::ssl::context* client_tls = nullptr;  // TLS connections the server opens
    // Gives back a per-IP cap slot; thread-safe (posts to the accepting worker).
    std::function<void(const std::string& ip)> release_ip;
};

class Worker final : public WorkerServices, private StreamHost {
  public:
    Worker(WorkerGroup& group, std::size_t index);
    ~Worker() override;
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    boost::asio::io_context& io() { return io_; }
    void set_handler(std::unique_ptr<MessageHandler> handler) { handler_ = std::move(handler); }

    // Binds one more UDP listen address (the same index on every worker). Throws
    // boost::system::system_error when it cannot be bound.
    boost::asio::ip::udp::endpoint add_udp(const boost::asio::ip::udp::endpoint& endpoint,
                                           bool shared);
    std::vector<boost::asio::ip::udp::endpoint> udp_endpoints() const;
    void start_udp();

    // The thread body: runs the io_context until close_all() lets it run out of work or
    // stop_now() is called.
    void run();
    // Thread-safe: makes run() return at once.
    void stop_now() { io_.stop(); }

    // On this worker's thread: takes over an accepted socket (already on this io_context).
    void adopt(boost::asio::ip::tcp::socket socket, transport::Transport transport, bool counted);
    // On this worker's thread: graceful stop, step 1 (see MessageHandler::begin_drain).
    void begin_drain();
    // On this worker's thread: graceful stop, between steps 1 and 2. Messages read from now
    // on are dropped unread (never taken on); messages other workers read earlier and
    // handed over are still handled, and answered over the sockets that stay open.
    void stop_reading() { reading_ = false; }
    std::size_t work_in_flight() const;
    // On this worker's thread: graceful stop, step 2. Closes the UDP sockets and every
    // connection (after writing what is queued) and lets the io_context run out of work.
    void close_all();

    std::size_t connection_count() const { return connections_.size(); }

    // WorkerServices
    std::size_t worker_index() const override { return index_; }
    std::size_t worker_count() const override { return group_.workers.size(); }
    void send_response(const Source& request_source, std::string bytes,
                       std::function<void(const SendFailure&)> on_failure = {}) override;
    void send(const transport::Endpoint& to, std::string bytes, SendOptions options = {}) override;
    void start_timer(std::uint64_t id, std::chrono::nanoseconds delay) override;
    bool cancel_timer(std::uint64_t id) override;
    void post(std::function<void()> fn) override;
    boost::asio::io_context& io_context() override { return io_; }
    std::optional<transport::Endpoint> local_endpoint_for(const transport::Endpoint& to) override;

  private:
    using OnFailure = std::function<void(const SendFailure&)>;

    // StreamHost
    void on_stream_message(StreamConnection& connection, std::string_view bytes) override;
    std::string on_stream_framing_error(StreamConnection& connection, std::string_view head,
                                        const message::ParseError& error) override;
    void on_stream_closed(StreamConnection& connection, std::string_view reason) override;
    TimerService& stream_timers() override { return stream_timers_; }
    StreamHost& host() { return *this; }

    void on_datagram(std::uint16_t local, std::string_view bytes,
                     const boost::asio::ip::udp::endpoint& from);
    // Hands a message to the worker that owns its Call-ID.
    void dispatch(const Source& source, std::string_view bytes);
    void deliver(const Source& source, std::string_view bytes);
    // On the worker that owns `source.connection`.
    void respond_on_connection(const Source& source, std::string bytes, OnFailure on_failure);
    // §18.2.2 when there is no connection to answer on.
    void respond_by_via(const Source& source, std::string bytes, OnFailure on_failure);
    void send_udp(std::uint16_t local, const transport::Endpoint& to, std::string bytes,
                  const OnFailure& on_failure);
    // On the worker that owns the key.
    void send_stream(const transport::Endpoint& to, std::string bytes, SendOptions options);
    void on_stream_timer(std::uint64_t id);
    // `on_failure` made safe to call from any worker: it runs on this one.
    OnFailure here(OnFailure on_failure);
    Worker& peer(std::size_t index) { return *group_.workers[index]; }
    ConnectionId next_connection_id() { return make_connection_id(index_, ++sequence_); }

    WorkerGroup& group_;
    std::size_t index_;
    boost::asio::io_context io_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
    std::unique_ptr<MessageHandler> handler_;
    std::vector<std::unique_ptr<UdpSocket>> udp_;
    ConnectionTable<StreamConnection> connections_;
    TimerService stream_timers_;
    TimerService app_timers_;
    std::uint64_t sequence_ = 0;
    bool draining_ = false;
    bool reading_ = true;
    bool closing_ = false;
};

}  // namespace dialtone::runtime
