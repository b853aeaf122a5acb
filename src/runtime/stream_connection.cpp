#include "runtime/stream_connection.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>

#include "runtime/log_value.hpp"
#include "runtime/peer_text.hpp"

namespace dialtone::runtime {

namespace ssl = boost::asio::ssl;
using boost::asio::ip::tcp;

namespace {

constexpr std::size_t kReadChunk = 16384;
// Messages written in one gather write.
constexpr std::size_t kMaxGather = 16;
// A peer that sends requests but does not read the answers must not make the server
// buffer without bound: past this many queued octets the connection is closed. A single
// message larger than that is still sent when nothing else is queued.
constexpr std::size_t kMaxQueued = 4u << 20;

// How a stream ended, in words for the log.
std::string read_error_text(const boost::system::error_code& ec) {
    if (ec == boost::asio::error::eof || ec == ssl::error::stream_truncated) return "peer closed";
    return ec.message();
}

bool is_ip_literal(const std::string& text) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(text, ec);
    return !ec;
}

}  // namespace

StreamConnection::StreamConnection(StreamHost& host, ConnectionId id, tcp::socket socket,
                                   const StreamLimits& limits, ssl::context* tls, bool counted)
    : host_(host),
      id_(id),
      stream_(std::in_place_type<tcp::socket>, std::move(socket)),
      limits_(limits),
      counted_(counted),
      framer_(message::StreamFramerOptions{limits.max_message_size}),
      read_buffer_(kReadChunk, '\0') {
    if (tls != nullptr) {
        auto plain = std::move(std::get<tcp::socket>(stream_));
        stream_.emplace<TlsStream>(std::move(plain), *tls);
    }
    boost::system::error_code ec;
    const auto remote = lowest().remote_endpoint(ec);
    set_peer(ec ? tcp::endpoint() : remote);
    state_ = tls != nullptr ? State::Handshaking : State::Open;
}

StreamConnection::StreamConnection(StreamHost& host, ConnectionId id, boost::asio::io_context& io,
                                   const transport::Endpoint& to, const StreamLimits& limits,
                                   ssl::context* tls, const std::string& tls_server_name)
    : host_(host),
      id_(id),
      stream_(std::in_place_type<tcp::socket>, io),
      limits_(limits),
      outbound_(true),
      state_(State::Connecting),
      server_name_(tls_server_name),
      framer_(message::StreamFramerOptions{limits.max_message_size}),
      read_buffer_(kReadChunk, '\0') {
    if (tls != nullptr) {
        auto plain = std::move(std::get<tcp::socket>(stream_));
        stream_.emplace<TlsStream>(std::move(plain), *tls);
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(to.ip, ec);
    set_peer(tcp::endpoint(ec ? boost::asio::ip::address() : address, to.port));
}

StreamConnection::Lowest& StreamConnection::lowest() {
    return std::visit([](auto& s) -> Lowest& { return s.lowest_layer(); }, stream_);
}

void StreamConnection::set_peer(const tcp::endpoint& remote) {
    const transport::Transport t = is_tls() ? transport::Transport::Tls : transport::Transport::Tcp;
    source_ = Source{t, peer_ip(remote.address()), remote.port(), id_, 0};
    key_ = ConnectionKey{t, source_.ip, source_.port};
}

void StreamConnection::start_timer(TimerKind kind, std::chrono::milliseconds after) {
    host_.stream_timers().start(timer_id(id_, kind), after);
}

void StreamConnection::cancel_timer(TimerKind kind) {
    host_.stream_timers().cancel(timer_id(id_, kind));
}

void StreamConnection::start() {
    spdlog::debug("event=stream_open transport={} peer={} port={} direction={}",
                  transport::uri_token(source_.transport), source_.ip, source_.port,
                  outbound_ ? "out" : "in");
    switch (state_) {
        case State::Connecting:
            start_timer(TimerKind::Deadline, limits_.message_timeout);
            connect();
            break;
        case State::Handshaking:
            start_timer(TimerKind::Deadline, limits_.message_timeout);
            handshake();
            break;
        default:
            on_up();
            break;
    }
}

void StreamConnection::connect() {
    boost::system::error_code ec;
    if (source_.ip.empty() || source_.port == 0) {
        close("destination is not an IP address and port");
        return;
    }
    lowest().async_connect(
        tcp::endpoint(boost::asio::ip::make_address(source_.ip, ec), source_.port),
        [self = shared_from_this()](const boost::system::error_code& error) {
            if (self->state_ != State::Connecting) return;
            if (error) {
                self->close("connect failed: " + error.message());
                return;
            }
            if (self->is_tls()) {
                self->state_ = State::Handshaking;
                self->handshake();
            } else {
                self->on_up();
            }
        });
}

void StreamConnection::handshake() {
    auto& tls = std::get<TlsStream>(stream_);
    if (outbound_) {
        // RFC 3261 §26.2.2 / RFC 5922: the server's certificate must name the target.
        const std::string& expected = server_name_.empty() ? source_.ip : server_name_;
        if (!server_name_.empty() && !is_ip_literal(server_name_)) {
            SSL_set_tlsext_host_name(tls.native_handle(), server_name_.c_str());
        }
        tls.set_verify_mode(ssl::verify_peer);
        tls.set_verify_callback(ssl::host_name_verification(expected));
    }
    tls.async_handshake(outbound_ ? ssl::stream_base::client : ssl::stream_base::server,
                        [self = shared_from_this()](const boost::system::error_code& ec) {
                            if (self->state_ != State::Handshaking) return;
                            if (ec) {
                                self->close("TLS handshake failed: " + ec.message());
                                return;
                            }
                            self->on_up();
                        });
}

void StreamConnection::on_up() {
    state_ = State::Open;
    cancel_timer(TimerKind::Deadline);
    start_timer(TimerKind::Idle, limits_.idle_timeout);
    read();
    write_next();
}

void StreamConnection::read() {
    reading_ = true;
    auto handler = [self = shared_from_this()](const boost::system::error_code& ec,
                                               std::size_t size) {
        self->reading_ = false;
        if (self->state_ == State::Closed) return;
        if (self->state_ == State::Closing) {
            // Reading was cancelled so TLS can say close_notify (see finish_closing).
            if (self->in_flight_ == 0 && self->outbox_.empty()) self->finish_closing();
            return;
        }
        if (ec) {
            self->close(read_error_text(ec));
            return;
        }
        self->on_read(size);
    };
    std::visit(
        [&](auto& s) { s.async_read_some(boost::asio::buffer(read_buffer_), std::move(handler)); },
        stream_);
}

void StreamConnection::on_read(std::size_t size) {
    start_timer(TimerKind::Idle, limits_.idle_timeout);
    const std::string_view chunk(read_buffer_.data(), size);
    framer_.put(chunk);
    unframed_.append(chunk);
    bool completed = false;
    if (!drain_frames(completed)) return;
    // Keep only what the framer still holds (a partial message).
    unframed_.erase(0, unframed_.size() - framer_.buffered());
    track_message_deadline(completed);
    read();
}

void StreamConnection::track_message_deadline(bool completed) {
    if (framer_.buffered() == 0) {
        if (message_pending_) cancel_timer(TimerKind::Deadline);
        message_pending_ = false;
    } else if (!message_pending_ || completed) {
        // The first octets of a new message: its clock starts now.
        start_timer(TimerKind::Deadline, limits_.message_timeout);
        message_pending_ = true;
    }
}

bool StreamConnection::drain_frames(bool& completed) {
    for (;;) {
        // The unframed octets are the last buffered() of the mirror; an error clears the
        // framer, so note where the failing message starts before asking.
        const std::size_t pending = framer_.buffered();
        message::Frame frame = framer_.next();
        switch (frame.kind) {
            case message::FrameKind::NeedMore:
                return true;
            case message::FrameKind::Ping:
                send("\r\n");
                break;
            case message::FrameKind::Pong:
                break;
            case message::FrameKind::Message:
                completed = true;
                host_.on_stream_message(*this, frame.bytes);
                if (state_ != State::Open) return false;
                break;
            case message::FrameKind::Error: {
                const std::string_view head = std::string_view(unframed_).substr(
                    unframed_.size() - std::min(pending, unframed_.size()));
                std::string answer = host_.on_stream_framing_error(*this, head, frame.error);
                if (!answer.empty()) send(std::move(answer));
                close_gracefully(frame.error.what);
                return false;
            }
        }
    }
}

void StreamConnection::send(std::string bytes, OnFailure on_failure) {
    if (state_ == State::Closing || state_ == State::Closed) {
        if (on_failure) on_failure(SendFailure{source_.endpoint(), "connection closing"});
        return;
    }
    if (!outbox_.empty() && queued_ + bytes.size() > kMaxQueued) {
        spdlog::info("event=stream_backlog transport={} peer={} port={} queued={}",
                     transport::uri_token(source_.transport), source_.ip, source_.port, queued_);
        if (on_failure) on_failure(SendFailure{source_.endpoint(), "peer is not reading"});
        close("peer is not reading");
        return;
    }
    queued_ += bytes.size();
    outbox_.push_back(Pending{std::move(bytes), std::move(on_failure)});
    write_next();
}

void StreamConnection::write_next() {
    if (in_flight_ != 0) return;
    if (state_ != State::Open && state_ != State::Closing) return;  // not up yet
    if (outbox_.empty()) {
        if (state_ == State::Closing) finish_closing();
        return;
    }
    gather_.clear();
    for (std::size_t i = 0; i < outbox_.size() && i < kMaxGather; ++i)
        gather_.emplace_back(boost::asio::buffer(outbox_[i].bytes));
    in_flight_ = gather_.size();
    auto handler = [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        if (self->state_ == State::Closed) return;
        if (ec) {
            self->close(ec.message());
            return;
        }
        for (std::size_t i = 0; i < self->in_flight_; ++i) {
            self->queued_ -= self->outbox_.front().bytes.size();
            self->outbox_.pop_front();
        }
        self->in_flight_ = 0;
        self->write_next();
    };
    std::visit([&](auto& s) { boost::asio::async_write(s, gather_, std::move(handler)); }, stream_);
}

void StreamConnection::close_gracefully(std::string_view why) {
    if (state_ == State::Closing || state_ == State::Closed) return;
    if (state_ != State::Open) {
        close(why);  // nothing was ever written: nothing to flush
        return;
    }
    state_ = State::Closing;
    close_reason_ = std::string(why);
    cancel_timer(TimerKind::Idle);
    message_pending_ = false;
    start_timer(TimerKind::Deadline, limits_.message_timeout);
    write_next();
}

void StreamConnection::finish_closing() {
    if (!is_tls()) {
        close(close_reason_);
        return;
    }
    if (reading_) {
        // One TLS operation reads at a time: stop the read before the shutdown's.
        boost::system::error_code ignored;
        lowest().cancel(ignored);
        return;  // the read handler calls back here
    }
    if (tls_shutdown_started_) return;
    tls_shutdown_started_ = true;
    std::get<TlsStream>(stream_).async_shutdown(
        [self = shared_from_this()](const boost::system::error_code&) {
            self->close(self->close_reason_);
        });
}

void StreamConnection::on_timer(TimerKind kind) {
    if (kind == TimerKind::Idle) {
        if (state_ == State::Open) close("idle timeout");
        return;
    }
    switch (state_) {
        case State::Connecting:
            close("connect timeout");
            break;
        case State::Handshaking:
            close("TLS handshake timeout");
            break;
        case State::Open:
            if (!message_pending_) break;
            spdlog::info(
                "event=message_timeout transport={} peer={} port={} buffered={} timeout_ms={}",
                transport::uri_token(source_.transport), source_.ip, source_.port,
                framer_.buffered(), limits_.message_timeout.count());
            close("message not complete in time");
            break;
        case State::Closing:
            close(close_reason_);
            break;
        case State::Closed:
            break;
    }
}

void StreamConnection::close(std::string_view why) {
    if (state_ == State::Closed) return;
    state_ = State::Closed;
    auto self = shared_from_this();  // on_stream_closed drops the table's reference
    spdlog::debug("event=stream_close transport={} peer={} port={} reason={}",
                  transport::uri_token(source_.transport), source_.ip, source_.port,
                  log_value(why));
    cancel_timer(TimerKind::Idle);
    cancel_timer(TimerKind::Deadline);
    boost::system::error_code ignored;
    lowest().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close(ignored);
    std::deque<Pending> unsent;
    unsent.swap(outbox_);
    in_flight_ = 0;
    queued_ = 0;
    const std::string reason = why.empty() ? std::string("connection closed") : std::string(why);
    for (Pending& p : unsent) {
        if (p.on_failure) p.on_failure(SendFailure{source_.endpoint(), reason});
    }
    host_.on_stream_closed(*this, why);
}

}  // namespace dialtone::runtime
