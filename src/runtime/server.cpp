#include "runtime/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <exception>
#include <random>
#include <stdexcept>
#include <string>

#include "runtime/log_value.hpp"

namespace dialtone::runtime {

namespace {

server::ResponderConfig responder_config(const ServerConfig& config) {
    server::ResponderConfig rc = config.responder;
    rc.max_message_size = config.max_message_size;
    if (rc.tag_secret == 0) {
        std::random_device rd;
        rc.tag_secret = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }
    return rc;
}

std::string endpoint_text(const boost::asio::ip::address& address, std::uint16_t port) {
    const std::string a = address.to_string();
    return address.is_v6() ? fmt::format("[{}]:{}", a, port) : fmt::format("{}:{}", a, port);
}

}  // namespace

Server::Server(ServerConfig config)
    : config_(std::move(config)), responder_(responder_config(config_)) {}

Server::~Server() = default;

void Server::open() {
    const TcpLimits limits{config_.idle_timeout, config_.max_message_size};
    for (const ListenSpec& spec : config_.listen) {
        const auto address = boost::asio::ip::make_address(spec.address);
        std::uint16_t port = spec.port;
        try {
            // UDP first: with port 0 its ephemeral port then becomes the TCP port too, so
            // one port number serves both transports as a SIP URI without transport= implies.
            if (spec.udp) {
                udp_.push_back(std::make_unique<UdpListener>(
                    io_, boost::asio::ip::udp::endpoint(address, port), responder_));
                port = udp_.back()->local_endpoint().port();
            }
            if (spec.tcp) {
                tcp_.push_back(std::make_unique<TcpListener>(
                    io_, boost::asio::ip::tcp::endpoint(address, port), responder_, limits));
            }
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error(
                fmt::format("cannot listen on {}: {}", spec.to_string(), e.code().message()));
        }
    }
    for (auto& u : udp_) {
        u->start();
        const auto ep = u->local_endpoint();
        spdlog::info("event=listening transport=udp addr={}",
                     endpoint_text(ep.address(), ep.port()));
    }
    for (auto& t : tcp_) {
        t->start();
        const auto ep = t->local_endpoint();
        spdlog::info("event=listening transport=tcp addr={}",
                     endpoint_text(ep.address(), ep.port()));
    }
    if (config_.handle_signals) {
        signals_.emplace(io_, SIGINT, SIGTERM);
        signals_->async_wait([this](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            spdlog::info("event=stopping signal={}", signal == SIGINT ? "SIGINT" : "SIGTERM");
            shutdown();
        });
    }
}

void Server::run() {
    io_.run();
}

void Server::stop() {
    boost::asio::post(io_, [this] {
        spdlog::info("event=stopping reason=requested");
        shutdown();
    });
}

void Server::shutdown() {
    if (stopped_) return;
    stopped_ = true;
    if (signals_) {
        boost::system::error_code ignored;
        signals_->cancel(ignored);
    }
    for (auto& u : udp_)
        u->close();
    for (auto& t : tcp_)
        t->close();
    // Everything is closed; handlers still queued only report cancellation.
    io_.stop();
}

std::vector<boost::asio::ip::udp::endpoint> Server::udp_endpoints() const {
    std::vector<boost::asio::ip::udp::endpoint> out;
    for (const auto& u : udp_)
        out.push_back(u->local_endpoint());
    return out;
}

std::vector<boost::asio::ip::tcp::endpoint> Server::tcp_endpoints() const {
    std::vector<boost::asio::ip::tcp::endpoint> out;
    for (const auto& t : tcp_)
        out.push_back(t->local_endpoint());
    return out;
}

int run_server(const ServerConfig& config) {
    std::string listen;
    for (const ListenSpec& spec : config.listen) {
        if (!listen.empty()) listen += ' ';
        listen += spec.to_string();
    }
    spdlog::info("event=starting listen={} db={} idle_timeout_ms={} max_message_size={}",
                 log_value(listen), log_value(config.db_path), config.idle_timeout.count(),
                 config.max_message_size);
    try {
        Server server(config);
        server.open();
        spdlog::info("event=ready");
        server.run();
    } catch (const std::exception& e) {
        spdlog::error("event=failed error={}", log_value(e.what()));
        return 1;
    }
    spdlog::info("event=stopped");
    return 0;
}

}  // namespace dialtone::runtime
