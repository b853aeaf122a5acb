#pragma once
// One TCP or TLS connection, accepted or opened by the server. Both transports share all
// of it but the handshake: bytes go through the Content-Length stream framer (RFC 3261
// §18.3); each whole message goes to the worker; a double-CRLF keep-alive gets its
// single-CRLF pong (RFC 5626 §3.5.1); a framing error is answered when the head can be
// read, then the connection is closed, since where the next message starts is lost.
//
// Three clocks bound a connection, all on its worker's connection timers:
//  - idle: nothing read for `idle_timeout` closes it;
//  - message: once the first octet of a message has arrived, the whole message must arrive
//    within `message_timeout`, or it is dropped and the connection closed (a slow or
//    half-sent message must not hold a connection and its buffer forever);
//  - set-up and close: connecting, the TLS handshake and a graceful close each get
//    `message_timeout` too.
// A connection lives on one worker and is only touched on that worker's thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dialtone/sip/message/stream_framer.hpp"
#include "runtime/connection_key.hpp"
#include "runtime/inbound.hpp"
#include "runtime/timer_service.hpp"
#include "runtime/worker_services.hpp"

namespace dialtone::runtime {

struct StreamLimits {
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(300)};
    std::chrono::milliseconds message_timeout{std::chrono::seconds(10)};
    std::size_t max_message_size = 65535;
};

class StreamConnection;

// What a connection needs from the worker that owns it.
class StreamHost {
  public:
    virtual void on_stream_message(StreamConnection& connection, std::string_view bytes) = 0;
    // Returns the answer to write before closing (may be empty).
    virtual std::string on_stream_framing_error(StreamConnection& connection, std::string_view head,
                                                const message::ParseError& error) = 0;
    virtual void on_stream_closed(StreamConnection& connection, std::string_view reason) = 0;
    // The worker's timers for connections; ids come from StreamConnection::timer_id.
    virtual TimerService& stream_timers() = 0;

  protected:
    ~StreamHost() = default;
};

class StreamConnection : public std::enable_shared_from_this<StreamConnection> {
  public:
    using OnFailure = std::function<void(const SendFailure&)>;
    enum class TimerKind : std::uint8_t { Idle = 0, Deadline = 1 };

    // An accepted connection; `tls` is null for TCP. `counted`: it holds a slot of the
    // per-IP cap, released when it closes.
    StreamConnection(StreamHost& host, ConnectionId id, boost::asio::ip::tcp::socket socket,
                     const StreamLimits& limits, boost::asio::ssl::context* tls, bool counted);
    // A connection to open to `to` (TCP or TLS); `tls_server_name` is the name the
    // server's certificate must carry (the IP address when empty).
    StreamConnection(StreamHost& host, ConnectionId id, boost::asio::io_context& io,
                     const transport::Endpoint& to, const StreamLimits& limits,
                     boost::asio::ssl::context* tls, const std::string& tls_server_name);

    // Starts the handshake (TLS) or the connect (opened connections), then reading.
    void start();
    // Queues bytes; they go out once the connection is up. `on_failure` is called if they
    // cannot be written (the connection fails or closes first).
    void send(std::string bytes, OnFailure on_failure = {});
    // Closes at once, dropping unsent bytes. Safe to call more than once.
    void close(std::string_view why);
    // Stops reading, writes what is queued, ends TLS with close_notify, then closes.
    void close_gracefully(std::string_view why);
    // One of this connection's timers fired.
    void on_timer(TimerKind kind);

    ConnectionId id() const { return id_; }
    const ConnectionKey& key() const { return key_; }
    const Source& source() const { return source_; }
    bool counted() const { return counted_; }
    bool closed() const { return state_ == State::Closed; }
    // Open or still connecting: new sends to its key may be queued on it.
    bool usable() const {
        return state_ == State::Connecting || state_ == State::Handshaking || state_ == State::Open;
    }

    static std::uint64_t timer_id(ConnectionId id, TimerKind kind) {
        return sequence_of(id) << 1 | static_cast<std::uint64_t>(kind);
    }

  private:
    enum class State : std::uint8_t { Connecting, Handshaking, Open, Closing, Closed };
    using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
    using Lowest = boost::asio::ip::tcp::socket::lowest_layer_type;
    struct Pending {
        std::string bytes;
        OnFailure on_failure;
    };

    Lowest& lowest();
    bool is_tls() const { return std::holds_alternative<TlsStream>(stream_); }
    void set_peer(const boost::asio::ip::tcp::endpoint& remote);
    void connect();
    void handshake();
    void on_up();
    void read();
    void on_read(std::size_t size);
    // Runs the framer over everything buffered; false once the connection is closing.
    bool drain_frames(bool& completed);
    void track_message_deadline(bool completed);
    void write_next();
    void finish_closing();
    void start_timer(TimerKind kind, std::chrono::milliseconds after);
    void cancel_timer(TimerKind kind);

    StreamHost& host_;
    ConnectionId id_;
    std::variant<boost::asio::ip::tcp::socket, TlsStream> stream_;
    StreamLimits limits_;
    bool counted_ = false;
    bool outbound_ = false;
    State state_ = State::Handshaking;
    ConnectionKey key_;
    Source source_;
    std::string server_name_;

    message::StreamFramer framer_;
    // The octets the framer holds but has not framed yet, mirrored, because the framer
    // drops them on an error and the 400/513 is built from the message head they hold.
    std::string unframed_;
    std::string read_buffer_;
    bool reading_ = false;
    // A message has started arriving and the message deadline runs.
    bool message_pending_ = false;

    std::deque<Pending> outbox_;
    std::vector<boost::asio::const_buffer> gather_;
    std::size_t in_flight_ = 0;  // outbox entries being written
    std::size_t queued_ = 0;     // octets in the outbox
    bool tls_shutdown_started_ = false;
    std::string close_reason_;
};

}  // namespace dialtone::runtime
