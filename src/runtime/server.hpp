#pragma once
// `dialtone serve`: the runtime around the sans-I/O responder. One io_context on the
// calling thread (the multi-worker runtime of DESIGN.md §2.5 comes later), a UDP socket
// and a TCP listener per configured address, stopped by SIGINT/SIGTERM or stop().

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/server_config.hpp"
#include "runtime/tcp_listener.hpp"
#include "runtime/udp_listener.hpp"
#include "server/responder.hpp"

namespace dialtone::runtime {

class Server {
  public:
    explicit Server(ServerConfig config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds every listener. Throws std::runtime_error naming the address that could not
    // be bound (start-up failures are the one place for exceptions, DESIGN.md §2.4).
    void open();
    // Serves until stop() or a signal; returns once every socket is closed.
    void run();
    // Thread-safe: asks run() to stop.
    void stop();

    std::vector<boost::asio::ip::udp::endpoint> udp_endpoints() const;
    std::vector<boost::asio::ip::tcp::endpoint> tcp_endpoints() const;

  private:
    void shutdown();

    ServerConfig config_;
    boost::asio::io_context io_;
    server::Responder responder_;
    std::optional<boost::asio::signal_set> signals_;
    std::vector<std::unique_ptr<UdpListener>> udp_;
    std::vector<std::unique_ptr<TcpListener>> tcp_;
    bool stopped_ = false;
};

// Runs `dialtone serve` to completion: logs start-up, serves, logs shutdown. Returns the
// process exit code (0 after a clean stop, 1 when start-up failed).
int run_server(const ServerConfig& config);

}  // namespace dialtone::runtime
