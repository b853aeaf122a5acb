#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dialtone/sip/message/stream_framer.hpp"
#include "server/responder.hpp"

namespace dialtone::runtime {

struct TcpLimits {
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(300)};
    std::size_t max_message_size = 65535;
};

// One accepted TCP connection. Bytes go through the Content-Length stream framer
// (RFC 3261 §18.3); each whole message goes to the responder and its answer back on this
// connection (§18.2.2). A double-CRLF keep-alive gets its single-CRLF pong (RFC 5626
// §3.5.1). A framing error is answered when the head can be read, then the connection is
// closed, since where the next message starts is lost. A connection silent for
// `idle_timeout` is closed.
class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
  public:
    using OnClosed = std::function<void(const std::shared_ptr<TcpConnection>&)>;

    TcpConnection(boost::asio::ip::tcp::socket socket, const server::Responder& responder,
                  const TcpLimits& limits, OnClosed on_closed);

    void start();
    // Closes at once, dropping unsent bytes. Safe to call more than once.
    void close(std::string_view why);

  private:
    void read();
    void on_read(std::size_t size);
    // Runs the framer over everything buffered; false once the connection is closing.
    bool drain_frames();
    void send(std::string bytes);
    void write_next();
    void arm_idle_timer();
    void close_after_flush(std::string_view why);

    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer idle_timer_;
    const server::Responder& responder_;
    TcpLimits limits_;
    OnClosed on_closed_;
    std::string peer_ip_;
    std::uint16_t peer_port_ = 0;

    message::StreamFramer framer_;
    // The octets the framer holds but has not framed yet, mirrored, because the framer
    // drops them on an error and the 400/513 is built from the message head they hold.
    std::string unframed_;
    std::string read_buffer_;

    std::deque<std::string> outbox_;
    bool writing_ = false;
    bool closing_ = false;  // no more reads; close once the outbox is empty
    bool closed_ = false;
    std::string close_reason_;
};

}  // namespace dialtone::runtime
