#include "runtime/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <exception>
#include <random>
#include <stdexcept>
#include <string>

#include "runtime/log_value.hpp"
#include "runtime/peer_text.hpp"
#include "runtime/responder_handler.hpp"

namespace dialtone::runtime {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;

server::ResponderConfig responder_config(const ServerConfig& config) {
    server::ResponderConfig rc = config.responder;
    rc.max_message_size = config.max_message_size;
    if (rc.tag_secret == 0) {
        std::random_device rd;
        rc.tag_secret = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }
    return rc;
}

namespace {

std::string endpoint_text(const boost::asio::ip::address& address, std::uint16_t port) {
    const std::string a = address.to_string();
    return address.is_v6() ? fmt::format("[{}]:{}", a, port) : fmt::format("{}:{}", a, port);
}

// A descriptor in transit between workers: closed unless someone takes it.
struct HandedOverSocket {
    int fd = -1;
    explicit HandedOverSocket(int f) : fd(f) {}
    HandedOverSocket(const HandedOverSocket&) = delete;
    HandedOverSocket& operator=(const HandedOverSocket&) = delete;
    ~HandedOverSocket() {
        if (fd >= 0) ::close(fd);
    }
    int take() { return std::exchange(fd, -1); }
};

// How often the control thread asks the workers whether work is still in flight.
constexpr std::chrono::milliseconds kDrainPoll{10};
// Time granted to write queued bytes and close when the grace period is already over.
constexpr std::chrono::seconds kMinCloseTime{2};

}  // namespace

Server::Server(ServerConfig config)
    : Server(config, responder_handlers(
                         std::make_shared<const server::Responder>(responder_config(config)))) {}

Server::Server(ServerConfig config, HandlerFactory handlers)
    : config_(std::move(config)),
      handlers_(std::move(handlers)),
      limiter_(config_.max_connections_per_ip),
      control_timer_(control_) {}

Server::~Server() {
    for (auto& w : group_.workers)
        w->stop_now();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

void Server::open() {
    if (opened_) return;
    const bool any_tls = std::any_of(config_.listen.begin(), config_.listen.end(),
                                     [](const ListenSpec& s) { return s.tls; });
    if (any_tls) server_tls_ = make_server_tls_context(config_.tls);
    client_tls_ = make_client_tls_context(config_.tls);

    const std::size_t n = std::clamp<std::size_t>(config_.workers, 1, kMaxWorkers);
    group_.limits =
        StreamLimits{config_.idle_timeout, config_.message_timeout, config_.max_message_size};
    group_.server_tls = server_tls_.get();
    group_.client_tls = client_tls_.get();
    group_.release_ip = [this](const std::string& ip) {
        boost::asio::post(group_.workers[0]->io(), [this, ip] { limiter_.release(ip); });
    };
    for (std::size_t i = 0; i < n; ++i) {
        group_.workers.push_back(std::make_unique<Worker>(group_, i));
        group_.workers.back()->set_handler(handlers_(*group_.workers.back()));
    }
    poll_answered_ = std::make_unique<std::atomic<std::uint64_t>[]>(n);
    poll_in_flight_ = std::make_unique<std::atomic<std::size_t>[]>(n);

    for (const ListenSpec& spec : config_.listen) {
        const auto address = boost::asio::ip::make_address(spec.address);
        std::uint16_t port = spec.port;
        try {
            // UDP first: with port 0 its ephemeral port then becomes the TCP port too, so
            // one port number serves both transports as a SIP URI without transport= implies.
            if (spec.udp) {
                for (auto& w : group_.workers) {
                    port = w->add_udp(udp::endpoint(address, port), n > 1).port();
                }
            }
            if (spec.tcp)
                add_stream_listener(tcp::endpoint(address, port), transport::Transport::Tcp);
            if (spec.tls)
                add_stream_listener(tcp::endpoint(address, port), transport::Transport::Tls);
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error(
                fmt::format("cannot listen on {}: {}", spec.to_string(), e.code().message()));
        }
    }
    for (auto& w : group_.workers)
        w->start_udp();
    for (const auto& ep : udp_endpoints()) {
        spdlog::info("event=listening transport=udp addr={} sockets={}",
                     endpoint_text(ep.address(), ep.port()), n);
    }
    for (auto& l : listeners_) {
        l->start();
        const auto ep = l->local_endpoint();
        if (l->transport() == transport::Transport::Tls) {
            spdlog::info("event=listening transport=tls addr={} verify_client={}",
                         endpoint_text(ep.address(), ep.port()), config_.tls.verify_client);
        } else {
            spdlog::info("event=listening transport=tcp addr={}",
                         endpoint_text(ep.address(), ep.port()));
        }
    }
    if (config_.handle_signals) {
        signals_.emplace(control_, SIGINT, SIGTERM);
        signals_->async_wait([this](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            begin_stop(signal == SIGINT ? "signal=SIGINT" : "signal=SIGTERM");
        });
    }
    opened_ = true;
}

void Server::add_stream_listener(const tcp::endpoint& endpoint, transport::Transport transport) {
    listeners_.push_back(std::make_unique<StreamListener>(
        group_.workers[0]->io(), endpoint, transport,
        [this, transport](tcp::socket socket) { on_accepted(std::move(socket), transport); }));
}

void Server::on_accepted(tcp::socket socket, transport::Transport transport) {
    boost::system::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) return;  // reset before we looked: nothing to serve
    const std::string ip = peer_ip(remote.address());
    if (!limiter_.try_acquire(ip)) {
        log_refused(ip);
        socket.close(ec);
        return;
    }
    const ConnectionKey key{transport, ip, remote.port()};
    const std::size_t owner = owner_of(key, group_.workers.size());
    Worker& worker = *group_.workers[owner];
    if (owner == 0) {
        worker.adopt(std::move(socket), transport, true);
        return;
    }
    // Move the descriptor to the owner's io_context: a socket belongs to the context it
    // was made on.
    const auto protocol = remote.protocol();
    auto fd = std::make_shared<HandedOverSocket>(socket.release(ec));
    if (ec) {
        limiter_.release(ip);
        return;
    }
    boost::asio::post(worker.io(), [this, &worker, fd, protocol, transport, ip] {
        tcp::socket adopted(worker.io());
        boost::system::error_code assign_ec;
        adopted.assign(protocol, fd->fd, assign_ec);
        if (assign_ec) {
            group_.release_ip(ip);
            return;
        }
        fd->take();
        worker.adopt(std::move(adopted), transport, true);
    });
}

void Server::log_refused(const std::string& ip) {
    // An abusive host could fill the log: one line a second, counting the rest.
    const auto now = std::chrono::steady_clock::now();
    if (now - refused_logged_at_ < std::chrono::seconds(1)) {
        ++refused_unlogged_;
        return;
    }
    spdlog::warn("event=connection_refused reason=per_ip_limit peer={} limit={} unlogged={}", ip,
                 limiter_.max_per_ip(), refused_unlogged_);
    refused_logged_at_ = now;
    refused_unlogged_ = 0;
}

void Server::post_to_worker(std::size_t index, std::function<void(WorkerServices&)> fn) {
    Worker& w = *group_.workers.at(index);
    boost::asio::post(w.io(), [&w, fn = std::move(fn)] { fn(w); });
}

void Server::run() {
    open();
    control_guard_.emplace(boost::asio::make_work_guard(control_));
    for (auto& w : group_.workers) {
        Worker* worker = w.get();
        threads_.emplace_back([this, worker] {
            worker->run();
            boost::asio::post(control_, [this] { on_worker_finished(); });
        });
    }
    control_.run();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
}

void Server::stop() {
    boost::asio::post(control_, [this] { begin_stop("reason=requested"); });
}

void Server::begin_stop(std::string_view why) {
    if (phase_ != Phase::Running) return;
    phase_ = Phase::Draining;
    spdlog::info("event=stopping {} grace_ms={}", why, config_.shutdown_grace.count());
    grace_deadline_ = std::chrono::steady_clock::now() + config_.shutdown_grace;
    if (signals_) {
        boost::system::error_code ignored;
        signals_->cancel(ignored);
    }
    // No new connections; handlers stop taking new work.
    boost::asio::post(group_.workers[0]->io(), [this] {
        for (auto& l : listeners_)
            l->close();
    });
    for (auto& w : group_.workers) {
        Worker* worker = w.get();
        boost::asio::post(worker->io(), [worker] { worker->begin_drain(); });
    }
    poll_drain();
}

void Server::poll_drain() {
    if (phase_ != Phase::Draining) return;
    const auto now = std::chrono::steady_clock::now();
    const std::size_t n = group_.workers.size();
    if (poll_round_ > 0) {
        bool all_answered = true;
        std::size_t in_flight = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (poll_answered_[i].load(std::memory_order_acquire) != poll_round_) {
                all_answered = false;
            } else {
                in_flight += poll_in_flight_[i].load(std::memory_order_relaxed);
            }
        }
        if (all_answered && stop_reading_ && stopped_round_ == 0 && poll_round_ >= stop_round_) {
            stopped_round_ = poll_round_;  // every worker has stopped reading
        }
        if (all_answered && in_flight == 0) {
            if (!stop_reading_) {
                stop_reading_ = true;
                stop_round_ = poll_round_ + 1;
            } else if (stopped_round_ != 0 && poll_round_ > stopped_round_) {
                close_workers();
                return;
            }
        }
        if (now >= grace_deadline_) {
            spdlog::warn("event=shutdown_grace_over in_flight={}", in_flight);
            close_workers();
            return;
        }
    }
    const std::uint64_t round = ++poll_round_;
    for (std::size_t i = 0; i < n; ++i) {
        Worker* worker = group_.workers[i].get();
        const bool stop = stop_reading_;
        boost::asio::post(worker->io(), [this, worker, i, round, stop] {
            if (stop) worker->stop_reading();
            poll_in_flight_[i].store(worker->work_in_flight(), std::memory_order_relaxed);
            poll_answered_[i].store(round, std::memory_order_release);
        });
    }
    control_timer_.expires_after(std::min<std::chrono::steady_clock::duration>(
        kDrainPoll, std::max<std::chrono::steady_clock::duration>(grace_deadline_ - now,
                                                                  std::chrono::milliseconds(1))));
    control_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) poll_drain();
    });
}

void Server::close_workers() {
    phase_ = Phase::Closing;
    for (auto& w : group_.workers) {
        Worker* worker = w.get();
        boost::asio::post(worker->io(), [worker] { worker->close_all(); });
    }
    // Queued bytes get what is left of the grace period, and a little even when none is.
    const auto deadline =
        std::max(grace_deadline_, std::chrono::steady_clock::now() + kMinCloseTime);
    control_timer_.expires_at(deadline);
    control_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || phase_ != Phase::Closing) return;
        spdlog::warn("event=shutdown_forced reason=connections_still_closing");
        for (auto& w : group_.workers)
            w->stop_now();
    });
}

void Server::on_worker_finished() {
    if (++workers_finished_ < group_.workers.size()) return;
    phase_ = Phase::Done;
    control_timer_.cancel();
    if (signals_) {
        boost::system::error_code ignored;
        signals_->cancel(ignored);
    }
    control_guard_.reset();
}

std::vector<udp::endpoint> Server::udp_endpoints() const {
    if (group_.workers.empty()) return {};
    return group_.workers[0]->udp_endpoints();
}

std::vector<tcp::endpoint> Server::tcp_endpoints() const {
    std::vector<tcp::endpoint> out;
    for (const auto& l : listeners_)
        if (l->transport() == transport::Transport::Tcp) out.push_back(l->local_endpoint());
    return out;
}

std::vector<tcp::endpoint> Server::tls_endpoints() const {
    std::vector<tcp::endpoint> out;
    for (const auto& l : listeners_)
        if (l->transport() == transport::Transport::Tls) out.push_back(l->local_endpoint());
    return out;
}

int run_server(const ServerConfig& config) {
    return run_server(config, {});
}

int run_server(const ServerConfig& config, HandlerFactory handlers) {
    std::string listen;
    for (const ListenSpec& spec : config.listen) {
        if (!listen.empty()) listen += ' ';
        listen += spec.to_string();
    }
    spdlog::info(
        "event=starting listen={} db={} workers={} idle_timeout_ms={} message_timeout_ms={} "
        "max_connections_per_ip={} max_message_size={} shutdown_grace_ms={}",
        log_value(listen), log_value(config.db_path), config.workers, config.idle_timeout.count(),
        config.message_timeout.count(), config.max_connections_per_ip, config.max_message_size,
        config.shutdown_grace.count());
    try {
        Server server = handlers ? Server(config, std::move(handlers)) : Server(config);
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
