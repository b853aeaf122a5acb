#include "runtime/udp_listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/buffer.hpp>
#include <string>
#include <string_view>

#include "runtime/log_value.hpp"
#include "runtime/outcome_log.hpp"
#include "runtime/peer_text.hpp"

namespace dialtone::runtime {

using boost::asio::ip::udp;

UdpListener::UdpListener(boost::asio::io_context& io, const udp::endpoint& endpoint,
                         const server::Responder& responder)
    : socket_(io), responder_(responder), buffer_(65536) {
    socket_.open(endpoint.protocol());
    // IPv6 sockets listen on IPv6 only, so [::]:5060 and 0.0.0.0:5060 can both be bound.
    if (endpoint.address().is_v6()) socket_.set_option(boost::asio::ip::v6_only(true));
    socket_.bind(endpoint);
    local_ = socket_.local_endpoint();
}

void UdpListener::start() {
    receive();
}

void UdpListener::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

void UdpListener::receive() {
    socket_.async_receive_from(boost::asio::buffer(buffer_), sender_,
                               [this](const boost::system::error_code& ec, std::size_t size) {
                                   if (ec == boost::asio::error::operation_aborted) return;
                                   if (ec) {
                                       spdlog::debug("event=udp_receive_error error={}",
                                                     log_value(ec.message()));
                                   } else {
                                       on_datagram(size);
                                   }
                                   if (socket_.is_open()) receive();
                               });
}

void UdpListener::on_datagram(std::size_t size) {
    const std::string ip = peer_ip(sender_.address());
    const server::Peer peer{server::Transport::Udp, ip, sender_.port()};
    const std::string_view received(buffer_.data(), size);
    server::Outcome outcome = responder_.on_message(received, peer);
    log_outcome(server::Transport::Udp, ip, sender_.port(), received, outcome);
    if (!outcome.answered()) return;
    auto bytes = std::make_shared<std::string>(std::move(outcome.bytes));
    socket_.async_send_to(boost::asio::buffer(*bytes), sender_,
                          [bytes](const boost::system::error_code& ec, std::size_t) {
                              if (ec && ec != boost::asio::error::operation_aborted) {
                                  spdlog::debug("event=udp_send_error error={}",
                                                log_value(ec.message()));
                              }
                          });
}

}  // namespace dialtone::runtime
