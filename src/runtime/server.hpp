#pragma once
// `dialtone serve`: the multi-core runtime around the sans-I/O message handlers
// (DESIGN.md §2.5). `workers` threads each run their own io_context; UDP sockets are
// bound once per worker (SO_REUSEPORT) so reads spread over them; TCP and TLS listeners
// accept on worker 0 and give each connection to the worker that owns its far end; every
// message is handled on the worker chosen by its Call-ID.
//
// The thread that calls run() coordinates: it catches SIGINT/SIGTERM (or stop()) and stops
// gracefully: listeners close, handlers are told to drain, and once they report no work in
// flight (or `shutdown_grace` has passed) every socket is closed after its queued bytes are
// written, and run() returns.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/connection_limiter.hpp"
#include "runtime/message_handler.hpp"
#include "runtime/server_config.hpp"
#include "runtime/stream_listener.hpp"
#include "runtime/worker.hpp"

namespace dialtone::runtime {

class Server {
  public:
    // Answers with the stateless responder built from `config.responder`.
    explicit Server(ServerConfig config);
    // Answers with one handler per worker made by `handlers`.
    Server(ServerConfig config, HandlerFactory handlers);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Loads TLS files and binds every listener. Throws std::runtime_error naming the file
    // or address at fault (start-up failures are the one place for exceptions, DESIGN.md
    // §2.4).
    void open();
    // Serves until stopped; returns once every worker has finished.
    void run();
    // Thread-safe: starts a graceful stop, as SIGTERM does.
    void stop();

    std::size_t worker_count() const { return group_.workers.size(); }
    // Runs `fn` on worker `index`'s thread, with its services (thread-safe).
    void post_to_worker(std::size_t index, std::function<void(WorkerServices&)> fn);

    std::vector<boost::asio::ip::udp::endpoint> udp_endpoints() const;
    std::vector<boost::asio::ip::tcp::endpoint> tcp_endpoints() const;
    std::vector<boost::asio::ip::tcp::endpoint> tls_endpoints() const;

  private:
    void add_stream_listener(const boost::asio::ip::tcp::endpoint& endpoint,
                             transport::Transport transport);
    // On worker 0: the per-IP cap, then the hand-over to the owning worker.
    void on_accepted(boost::asio::ip::tcp::socket socket, transport::Transport transport);
    void log_refused(const std::string& ip);
    // Control thread.
    void begin_stop(std::string_view why);
    void poll_drain();
    void close_workers();
    void on_worker_finished();

    ServerConfig config_;
    HandlerFactory handlers_;
    // Before the workers, so every TLS stream is gone before its context.
    std::shared_ptr<boost::asio::ssl::context> server_tls_;
    std::shared_ptr<boost::asio::ssl::context> client_tls_;
    WorkerGroup group_;
    std::vector<std::unique_ptr<StreamListener>> listeners_;  // on worker 0
    ConnectionLimiter limiter_;                               // on worker 0
    std::chrono::steady_clock::time_point refused_logged_at_{};
    std::size_t refused_unlogged_ = 0;

    // The control loop, on the thread that calls run().
    boost::asio::io_context control_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
        control_guard_;
    std::optional<boost::asio::signal_set> signals_;
    boost::asio::steady_timer control_timer_;
    enum class Phase { Running, Draining, Closing, Done } phase_ = Phase::Running;
    std::chrono::steady_clock::time_point grace_deadline_{};
    // Drain polling: each worker answers a numbered poll with its work in flight.
    std::uint64_t poll_round_ = 0;
    std::unique_ptr<std::atomic<std::uint64_t>[]> poll_answered_;
    std::unique_ptr<std::atomic<std::size_t>[]> poll_in_flight_;
    std::size_t workers_finished_ = 0;
    // Drain, once nothing is in flight: the polls from round stop_round_ on make every
    // worker stop reading; once a round at or after it has been answered by all
    // (stopped_round_), a later round, queued behind any message a worker handed over
    // before it stopped, must find nothing in flight again before the sockets close.
    bool stop_reading_ = false;
    std::uint64_t stop_round_ = 0;
    std::uint64_t stopped_round_ = 0;
    std::vector<std::thread> threads_;
    bool opened_ = false;
};

// Runs `dialtone serve` to completion: logs start-up, serves, logs shutdown. Returns the
// process exit code (0 after a clean stop, 1 when start-up failed).
int run_server(const ServerConfig& config);
// The same with the given per-worker handlers instead of the stateless responder.
int run_server(const ServerConfig& config, HandlerFactory handlers);

// The responder settings a server uses: config.responder with the message size limit and
// a random To-tag secret filled in.
server::ResponderConfig responder_config(const ServerConfig& config);

}  // namespace dialtone::runtime
