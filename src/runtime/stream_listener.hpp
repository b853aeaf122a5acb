#pragma once
// A listening TCP socket for SIP over TCP or TLS. It only accepts: each accepted socket
// is handed to a callback that checks the per-IP cap and gives the connection to the
// worker that owns its key.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>

#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::runtime {

class StreamListener {
  public:
    using OnAccepted = std::function<void(boost::asio::ip::tcp::socket socket)>;

    // Binds and listens; throws boost::system::system_error when the address cannot be bound.
    StreamListener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                   transport::Transport transport, OnAccepted on_accepted);

    void start();
    void close();
    boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }
    transport::Transport transport() const { return transport_; }

  private:
    void accept();

    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint local_;
    transport::Transport transport_;
    // Pause after a failed accept (e.g. out of descriptors) instead of spinning on it.
    boost::asio::steady_timer retry_timer_;
    OnAccepted on_accepted_;
    bool closed_ = false;
};

}  // namespace dialtone::runtime
