#include "runtime/tcp_connection.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include "runtime/log_value.hpp"
#include "runtime/outcome_log.hpp"
#include "runtime/peer_text.hpp"

namespace dialtone::runtime {

namespace {
constexpr std::size_t kReadChunk = 16384;
}  // namespace

TcpConnection::TcpConnection(boost::asio::ip::tcp::socket socket,
                             const server::Responder& responder, const TcpLimits& limits,
                             OnClosed on_closed)
    : socket_(std::move(socket)),
      idle_timer_(socket_.get_executor()),
      responder_(responder),
      limits_(limits),
      on_closed_(std::move(on_closed)),
      framer_(message::StreamFramerOptions{limits.max_message_size}),
      read_buffer_(kReadChunk, '\0') {
    boost::system::error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    if (!ec) {
        peer_ip_ = peer_ip(remote.address());
        peer_port_ = remote.port();
    }
}

void TcpConnection::start() {
    spdlog::debug("event=tcp_open peer={} port={}", peer_ip_, peer_port_);
    arm_idle_timer();
    read();
}

void TcpConnection::arm_idle_timer() {
    idle_timer_.expires_after(limits_.idle_timeout);
    idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec) return;  // re-armed or cancelled
        self->close("idle timeout");
    });
}

void TcpConnection::read() {
    socket_.async_read_some(
        boost::asio::buffer(read_buffer_),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t size) {
            if (self->closed_ || self->closing_) return;
            if (ec) {
                self->close(ec == boost::asio::error::eof ? "peer closed" : ec.message());
                return;
            }
            self->on_read(size);
        });
}

void TcpConnection::on_read(std::size_t size) {
    arm_idle_timer();
    const std::string_view chunk(read_buffer_.data(), size);
    framer_.put(chunk);
    unframed_.append(chunk);
    if (!drain_frames()) return;
    // Keep only what the framer still holds (a partial message).
    unframed_.erase(0, unframed_.size() - framer_.buffered());
    read();
}

bool TcpConnection::drain_frames() {
    const server::Peer peer{server::Transport::Tcp, peer_ip_, peer_port_};
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
            case message::FrameKind::Message: {
                server::Outcome outcome = responder_.on_message(frame.bytes, peer);
                log_outcome(server::Transport::Tcp, peer_ip_, peer_port_, frame.bytes, outcome);
                if (outcome.answered()) send(std::move(outcome.bytes));
                break;
            }
            case message::FrameKind::Error: {
                const std::string_view head = std::string_view(unframed_).substr(
                    unframed_.size() - std::min(pending, unframed_.size()));
                server::Outcome outcome = responder_.on_framing_error(head, frame.error, peer);
                log_outcome(server::Transport::Tcp, peer_ip_, peer_port_, head, outcome);
                if (outcome.answered()) send(std::move(outcome.bytes));
                close_after_flush(frame.error.what);
                return false;
            }
        }
    }
}

void TcpConnection::send(std::string bytes) {
    if (closed_) return;
    outbox_.push_back(std::move(bytes));
    if (!writing_) write_next();
}

void TcpConnection::write_next() {
    if (outbox_.empty()) {
        writing_ = false;
        if (closing_) close(close_reason_);
        return;
    }
    writing_ = true;
    boost::asio::async_write(
        socket_, boost::asio::buffer(outbox_.front()),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
            if (self->closed_) return;
            if (ec) {
                self->close(ec.message());
                return;
            }
            self->outbox_.pop_front();
            self->write_next();
        });
}

void TcpConnection::close_after_flush(std::string_view why) {
    closing_ = true;
    close_reason_ = std::string(why);
    if (!writing_) close(close_reason_);
}

void TcpConnection::close(std::string_view why) {
    if (closed_) return;
    closed_ = true;
    auto self = shared_from_this();  // on_closed_ may drop the last other owner
    spdlog::debug("event=tcp_close peer={} port={} reason={}", peer_ip_, peer_port_,
                  log_value(why));
    idle_timer_.cancel();
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (on_closed_) on_closed_(self);
}

}  // namespace dialtone::runtime
