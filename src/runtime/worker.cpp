#include "runtime/worker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <exception>
#include <utility>

#include "runtime/log_value.hpp"
#include "runtime/message_owner.hpp"
#include "runtime/peer_text.hpp"
#include "runtime/response_route.hpp"

namespace dialtone::runtime {

using boost::asio::ip::tcp;
using boost::asio::ip::udp;

Worker::Worker(WorkerGroup& group, std::size_t index)
    : group_(group),
      index_(index),
      guard_(boost::asio::make_work_guard(io_)),
      stream_timers_(io_, [this](std::uint64_t id) { on_stream_timer(id); }),
      app_timers_(io_, [this](std::uint64_t id) {
          if (handler_) handler_->on_timer(id);
      }) {
    app_timers_.reserve(kExpectedTimers);
}

Worker::~Worker() = default;

udp::endpoint Worker::add_udp(const udp::endpoint& endpoint, bool shared) {
    const auto local = static_cast<std::uint16_t>(udp_.size());
    udp_.push_back(std::make_unique<UdpSocket>(
        io_, endpoint, shared, [this, local](std::string_view bytes, const udp::endpoint& from) {
            on_datagram(local, bytes, from);
        }));
    return udp_.back()->local_endpoint();
}

std::vector<udp::endpoint> Worker::udp_endpoints() const {
    std::vector<udp::endpoint> out;
    for (const auto& u : udp_)
        out.push_back(u->local_endpoint());
    return out;
}

void Worker::start_udp() {
    for (auto& u : udp_)
        u->start();
}

void Worker::run() {
    for (;;) {
        try {
            io_.run();
            return;
        } catch (const std::exception& e) {
            // A handler threw: a bug, but one message must not take the server down.
            spdlog::error("event=worker_error worker={} error={}", index_, log_value(e.what()));
        }
    }
}

// --- receiving --------------------------------------------------------------------------

void Worker::on_datagram(std::uint16_t local, std::string_view bytes, const udp::endpoint& from) {
    const Source source{transport::Transport::Udp, peer_ip(from.address()), from.port(),
                        kNoConnection, local};
    dispatch(source, bytes);
}

void Worker::on_stream_message(StreamConnection& connection, std::string_view bytes) {
    dispatch(connection.source(), bytes);
}

void Worker::dispatch(const Source& source, std::string_view bytes) {
    if (!reading_) return;
    const std::size_t owner = owner_worker(bytes, group_.workers.size(), index_);
    if (owner == index_) {
        deliver(source, bytes);
        return;
    }
    Worker& to = peer(owner);
    boost::asio::post(to.io_,
                      [&to, source, copy = std::string(bytes)] { to.deliver(source, copy); });
}

void Worker::deliver(const Source& source, std::string_view bytes) {
    if (handler_) handler_->on_message(Inbound{source, bytes});
}

std::string Worker::on_stream_framing_error(StreamConnection& connection, std::string_view head,
                                            const message::ParseError& error) {
    return handler_ ? handler_->on_framing_error(head, error, connection.source()) : std::string();
}

void Worker::on_stream_closed(StreamConnection& connection, std::string_view) {
    connections_.remove(connection.id());
    if (connection.counted() && group_.release_ip) group_.release_ip(connection.source().ip);
    if (closing_ && connections_.empty()) stream_timers_.shutdown();
}

void Worker::on_stream_timer(std::uint64_t id) {
    const auto kind = static_cast<StreamConnection::TimerKind>(id & 1);
    if (auto connection = connections_.find(make_connection_id(index_, id >> 1))) {
        connection->on_timer(kind);
    }
}

void Worker::adopt(tcp::socket socket, transport::Transport transport, bool counted) {
    boost::asio::ssl::context* tls =
        transport == transport::Transport::Tls ? group_.server_tls : nullptr;
    const ConnectionId id = next_connection_id();
    auto connection = std::make_shared<StreamConnection>(host(), id, std::move(socket),
                                                         group_.limits, tls, counted);
    if (closing_) {
        // Accepted just before the listeners closed.
        connections_.add(id, connection->key(), connection);
        connection->close("server stopping");
        return;
    }
    connections_.add(id, connection->key(), connection);
    connection->start();
}

// --- sending ------------------------------------------------------------------------------

Worker::OnFailure Worker::here(OnFailure on_failure) {
    if (!on_failure) return {};
    return [this, on_failure = std::move(on_failure)](const SendFailure& failure) {
        if (io_.get_executor().running_in_this_thread()) {
            on_failure(failure);
        } else {
            boost::asio::post(io_, [on_failure, failure] { on_failure(failure); });
        }
    };
}

void Worker::send_response(const Source& source, std::string bytes, OnFailure on_failure) {
    if (source.connection != kNoConnection) {
        const std::size_t owner = worker_of(source.connection);
        if (owner == index_ || owner >= group_.workers.size()) {
            respond_on_connection(source, std::move(bytes), std::move(on_failure));
            return;
        }
        Worker& to = peer(owner);
        boost::asio::post(to.io_, [&to, source, bytes = std::move(bytes),
                                   on_failure = here(std::move(on_failure))]() mutable {
            to.respond_on_connection(source, std::move(bytes), std::move(on_failure));
        });
        return;
    }
    respond_by_via(source, std::move(bytes), std::move(on_failure));
}

void Worker::respond_on_connection(const Source& source, std::string bytes, OnFailure on_failure) {
    if (auto connection = connections_.find(source.connection);
        connection && connection->usable()) {
        connection->send(std::move(bytes), std::move(on_failure));
        return;
    }
    // §18.2.2: the connection is gone; open one to where the Via points.
    respond_by_via(source, std::move(bytes), std::move(on_failure));
}

void Worker::respond_by_via(const Source& source, std::string bytes, OnFailure on_failure) {
    std::string error;
    auto to = response_destination(bytes, source.transport, error);
    if (!to) {
        spdlog::debug("event=response_unroutable transport={} peer={} port={} error={}",
                      transport::uri_token(source.transport), source.ip, source.port,
                      log_value(error));
        if (on_failure) on_failure(SendFailure{source.endpoint(), error});
        return;
    }
    if (source.transport == transport::Transport::Udp) {
        send_udp(source.local, *to, std::move(bytes), on_failure);
        return;
    }
    SendOptions options;
    options.on_failure = std::move(on_failure);
    send(*to, std::move(bytes), std::move(options));
}

void Worker::send_udp(std::uint16_t local, const transport::Endpoint& to, std::string bytes,
                      const OnFailure& on_failure) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(to.ip, ec);
    if (ec) {
        if (on_failure) on_failure(SendFailure{to, "not an IP address"});
        return;
    }
    // The socket the request came on, unless it cannot reach the destination's family.
    UdpSocket* socket = nullptr;
    if (local < udp_.size() && udp_[local]->local_endpoint().address().is_v6() == address.is_v6()) {
        socket = udp_[local].get();
    } else {
        for (auto& u : udp_) {
            if (u->local_endpoint().address().is_v6() == address.is_v6()) {
                socket = u.get();
                break;
            }
        }
    }
    if (socket == nullptr) {
        if (on_failure) on_failure(SendFailure{to, "no UDP socket for this address family"});
        return;
    }
    std::string error;
    if (!socket->send_to(std::move(bytes), udp::endpoint(address, to.port), error)) {
        spdlog::debug("event=udp_send_error peer={} port={} error={}", to.ip, to.port,
                      log_value(error));
        if (on_failure) on_failure(SendFailure{to, error});
    }
}

void Worker::send(const transport::Endpoint& to, std::string bytes, SendOptions options) {
    auto fail = [&](std::string reason) {
        if (options.on_failure) options.on_failure(SendFailure{to, std::move(reason)});
    };
    if (options.secure_only && !transport::is_secure(to.transport)) {
        fail("a sips: target needs a secure transport (RFC 3261 §26.2.2)");
        return;
    }
    switch (to.transport) {
        case transport::Transport::Udp:
            send_udp(0, to, std::move(bytes), options.on_failure);
            return;
        case transport::Transport::Tcp:
        case transport::Transport::Tls:
            break;
        default:
            fail("transport not supported");
            return;
    }
    // The key must be written the way accepted connections write theirs.
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(to.ip, ec);
    if (ec || to.port == 0) {
        fail("not an IP address and port");
        return;
    }
    const transport::Endpoint canonical{to.transport, peer_ip(address), to.port};
    const std::size_t owner = owner_of(
        ConnectionKey{canonical.transport, canonical.ip, canonical.port}, group_.workers.size());
    if (owner == index_) {
        send_stream(canonical, std::move(bytes), std::move(options));
        return;
    }
    options.on_failure = here(std::move(options.on_failure));
    Worker& target = peer(owner);
    boost::asio::post(target.io_, [&target, canonical, bytes = std::move(bytes),
                                   options = std::move(options)]() mutable {
        target.send_stream(canonical, std::move(bytes), std::move(options));
    });
}

void Worker::send_stream(const transport::Endpoint& to, std::string bytes, SendOptions options) {
    const ConnectionKey key{to.transport, to.ip, to.port};
    if (auto connection = connections_.find(key); connection && connection->usable()) {
        connection->send(std::move(bytes), std::move(options.on_failure));
        return;
    }
    boost::asio::ssl::context* tls = nullptr;
    if (to.transport == transport::Transport::Tls) {
        tls = group_.client_tls;
        if (tls == nullptr) {
            if (options.on_failure) options.on_failure(SendFailure{to, "TLS is not configured"});
            return;
        }
    }
    if (closing_) {
        if (options.on_failure) options.on_failure(SendFailure{to, "server stopping"});
        return;
    }
    const ConnectionId id = next_connection_id();
    auto connection = std::make_shared<StreamConnection>(host(), id, io_, to, group_.limits, tls,
                                                         options.tls_server_name);
    connections_.add(id, connection->key(), connection);
    connection->send(std::move(bytes), std::move(options.on_failure));
    connection->start();
}

std::optional<transport::Endpoint> Worker::local_endpoint_for(const transport::Endpoint& to) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(to.ip, ec);
    if (ec) return std::nullopt;
    // Without a UDP socket of this family (a TCP-only listener), the port stays 0: the Via
    // then names no port, and responses come back over the connection (§18.2.2).
    std::optional<udp::endpoint> local;
    for (const auto& u : udp_) {
        if (u->local_endpoint().address().is_v6() == address.is_v6()) {
            local = u->local_endpoint();
            break;
        }
    }
    boost::asio::ip::address from;
    if (local && !local->address().is_unspecified()) {
        from = local->address();
    } else {
        // Connecting a UDP socket sends nothing; it only asks the routing table which
        // source address reaches `to`.
        udp::socket probe(io_);
        probe.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
        if (!ec) probe.connect(udp::endpoint(address, to.port == 0 ? 5060 : to.port), ec);
        if (ec) return std::nullopt;
        from = probe.local_endpoint(ec).address();
        if (ec) return std::nullopt;
    }
    return transport::Endpoint{to.transport, peer_ip(from),
                               local ? local->port() : std::uint16_t{0}};
}

void Worker::start_timer(std::uint64_t id, std::chrono::nanoseconds delay) {
    app_timers_.start(id, delay);
}

bool Worker::cancel_timer(std::uint64_t id) {
    return app_timers_.cancel(id);
}

void Worker::post(std::function<void()> fn) {
    boost::asio::post(io_, std::move(fn));
}

// --- stopping -------------------------------------------------------------------------------

void Worker::begin_drain() {
    if (draining_) return;
    draining_ = true;
    if (handler_) handler_->begin_drain();
}

std::size_t Worker::work_in_flight() const {
    return handler_ ? handler_->work_in_flight() : 0;
}

void Worker::close_all() {
    if (closing_) return;
    closing_ = true;
    for (auto& u : udp_)
        u->close();
    app_timers_.shutdown();
    for (const auto& connection : connections_.snapshot())
        connection->close_gracefully("server stopping");
    if (connections_.empty()) stream_timers_.shutdown();
    guard_.reset();
}

}  // namespace dialtone::runtime
