#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_set>

#include "runtime/tcp_connection.hpp"
#include "server/responder.hpp"

namespace dialtone::runtime {

// A listening TCP socket and the connections it accepted; closing it closes them all.
class TcpListener {
  public:
    // Binds and listens; throws boost::system::system_error when the address cannot be bound.
    TcpListener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                const server::Responder& responder, const TcpLimits& limits);

    void start();
    void close();
    boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }
    std::size_t connection_count() const { return connections_.size(); }

  private:
    void accept();

    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint local_;
    // Pause after a failed accept (e.g. out of descriptors) instead of spinning on it.
    boost::asio::steady_timer retry_timer_;
    const server::Responder& responder_;
    TcpLimits limits_;
    std::unordered_set<std::shared_ptr<TcpConnection>> connections_;
    bool closed_ = false;
};

}  // namespace dialtone::runtime
