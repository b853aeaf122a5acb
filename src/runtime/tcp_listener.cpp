#include "runtime/tcp_listener.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "runtime/log_value.hpp"

namespace dialtone::runtime {

using boost::asio::ip::tcp;

TcpListener::TcpListener(boost::asio::io_context& io, const tcp::endpoint& endpoint,
                         const server::Responder& responder, const TcpLimits& limits)
    : acceptor_(io), retry_timer_(io), responder_(responder), limits_(limits) {
    acceptor_.open(endpoint.protocol());
    // A restarted server can bind while old connections linger in TIME_WAIT.
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(boost::asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    local_ = acceptor_.local_endpoint();
}

void TcpListener::start() {
    accept();
}

void TcpListener::accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        if (closed_ || ec == boost::asio::error::operation_aborted) return;
        if (ec) {
            spdlog::warn("event=tcp_accept_error error={}", log_value(ec.message()));
            retry_timer_.expires_after(std::chrono::milliseconds(100));
            retry_timer_.async_wait([this](const boost::system::error_code& wait_ec) {
                if (!wait_ec && !closed_) accept();
            });
            return;
        }
        auto connection = std::make_shared<TcpConnection>(
            std::move(socket), responder_, limits_,
            [this](const std::shared_ptr<TcpConnection>& closed) { connections_.erase(closed); });
        connections_.insert(connection);
        connection->start();
        accept();
    });
}

void TcpListener::close() {
    closed_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    // close() removes each connection from the set, so walk a copy.
    const std::vector<std::shared_ptr<TcpConnection>> open(connections_.begin(),
                                                           connections_.end());
    for (const auto& c : open)
        c->close("server stopping");
}

}  // namespace dialtone::runtime
