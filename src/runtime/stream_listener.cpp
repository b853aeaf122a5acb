#include "runtime/stream_listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/v6_only.hpp>
#include <chrono>

#include "runtime/log_value.hpp"

namespace dialtone::runtime {

using boost::asio::ip::tcp;

StreamListener::StreamListener(boost::asio::io_context& io, const tcp::endpoint& endpoint,
                               transport::Transport transport, OnAccepted on_accepted)
    : acceptor_(io), transport_(transport), retry_timer_(io), on_accepted_(std::move(on_accepted)) {
    acceptor_.open(endpoint.protocol());
    // A restarted server can bind while old connections linger in TIME_WAIT.
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(boost::asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    local_ = acceptor_.local_endpoint();
}

void StreamListener::start() {
    accept();
}

void StreamListener::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        if (closed_ || ec == boost::asio::error::operation_aborted) return;
        if (ec) {
            spdlog::warn("event=accept_error transport={} error={}",
                         transport::uri_token(transport_), log_value(ec.message()));
            retry_timer_.expires_after(std::chrono::milliseconds(100));
            retry_timer_.async_wait([this](const boost::system::error_code& wait_ec) {
                if (!wait_ec && !closed_) accept();
            });
            return;
        }
        on_accepted_(std::move(socket));
        accept();
    });
}

void StreamListener::close() {
    closed_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
}

}  // namespace dialtone::runtime
