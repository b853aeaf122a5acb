#include "runtime/udp_socket.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <memory>

#include "runtime/log_value.hpp"

namespace dialtone::runtime {

using boost::asio::ip::udp;

UdpSocket::UdpSocket(boost::asio::io_context& io, const udp::endpoint& endpoint, bool shared,
                     OnDatagram on_datagram)
    : socket_(io), on_datagram_(std::move(on_datagram)), buffer_(65536) {
    socket_.open(endpoint.protocol());
    // IPv6 sockets listen on IPv6 only, so [::]:5060 and 0.0.0.0:5060 can both be bound.
    if (endpoint.address().is_v6()) socket_.set_option(boost::asio::ip::v6_only(true));
    if (shared) {
        using reuse_port = boost::asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
        socket_.set_option(reuse_port(true));
    }
    // A burst (a registration storm, a call spike) must wait in the kernel rather than be
    // dropped while the worker is busy: ask for 4 MiB, which the kernel caps at
    // net.core.rmem_max (Debian's default of 208 KiB overflows at a few thousand calls/s).
    boost::system::error_code ignored;
    socket_.set_option(boost::asio::socket_base::receive_buffer_size(4 << 20), ignored);
    socket_.bind(endpoint);
    socket_.non_blocking(true);
    local_ = socket_.local_endpoint();
}

void UdpSocket::start() {
    // Datagrams that came before the loop ran raised their readiness edge already: read
    // them first, on the worker's thread.
    boost::asio::post(socket_.get_executor(), [this] {
        if (socket_.is_open()) drain();
    });
}

void UdpSocket::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

void UdpSocket::receive() {
    socket_.async_wait(udp::socket::wait_read, [this](const boost::system::error_code& ec) {
        if (ec == boost::asio::error::operation_aborted || !socket_.is_open()) return;
        if (ec) spdlog::debug("event=udp_wait_error error={}", log_value(ec.message()));
        drain();
    });
}

// Reads what has queued up, then waits for the next readiness edge (the reactor's epoll is
// edge-triggered, so the wait is armed only once a read has found the socket empty). One
// readiness wakes the loop once for a burst instead of once per datagram, which at 10,000
// datagrams a second saves an epoll_wait per datagram.
void UdpSocket::drain() {
    for (std::size_t i = 0; i < kBurst; ++i) {
        boost::system::error_code ec;
        const std::size_t size = socket_.receive_from(boost::asio::buffer(buffer_), sender_, 0, ec);
        if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
            return receive();
        }
        if (ec) {
            // Such as an ICMP error for an earlier send; the next read goes on.
            spdlog::debug("event=udp_receive_error error={}", log_value(ec.message()));
        } else {
            on_datagram_(std::string_view(buffer_.data(), size), sender_);
        }
        if (!socket_.is_open()) return;
    }
    // A long burst: let the worker's other sockets and timers have a turn first.
    boost::asio::post(socket_.get_executor(), [this] {
        if (socket_.is_open()) drain();
    });
}

bool UdpSocket::send_to(std::string bytes, const udp::endpoint& to, std::string& error) {
    if (!socket_.is_open()) {
        error = "socket closed";
        return false;
    }
    boost::system::error_code ec;
    socket_.send_to(boost::asio::buffer(bytes), to, 0, ec);
    if (!ec) return true;
    if (ec != boost::asio::error::would_block && ec != boost::asio::error::try_again) {
        error = ec.message();
        return false;
    }
    // The socket buffer is full: wait for room rather than drop.
    auto owned = std::make_shared<std::string>(std::move(bytes));
    socket_.async_send_to(boost::asio::buffer(*owned), to,
                          [owned](const boost::system::error_code& send_ec, std::size_t) {
                              if (send_ec && send_ec != boost::asio::error::operation_aborted) {
                                  spdlog::debug("event=udp_send_error error={}",
                                                log_value(send_ec.message()));
                              }
                          });
    return true;
}

}  // namespace dialtone::runtime
