#include "ops/admin_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>
#include <thread>

namespace dialtone::ops {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A request line and a few headers; the API takes no bodies.
constexpr std::size_t kMaxRequestBytes = 8192;
// An idle or trickling client is dropped after this long.
constexpr std::chrono::seconds kIoTimeout{10};

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, const AdminHandler& handler)
        : stream_(std::move(socket)), handler_(handler) {}

    void start() { read(); }

  private:
    void read() {
        parser_.emplace();
        parser_->header_limit(kMaxRequestBytes);
        parser_->body_limit(kMaxRequestBytes);
        stream_.expires_after(kIoTimeout);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream) {
            close();
            return;
        }
        if (ec) {
            // A request too large or not HTTP gets a 400 and the connection closes; a
            // timeout or reset just closes.
            if (ec == http::error::header_limit || ec == http::error::body_limit ||
                ec.category() == http::make_error_code(http::error::bad_method).category()) {
                respond({400, "text/plain", "bad request: " + ec.message() + "\n"}, false, 11);
            } else {
                close();
            }
            return;
        }
        const auto& request = parser_->get();
        AdminReply reply;
        try {
            reply = handler_(
                std::string_view(request.method_string().data(), request.method_string().size()),
                std::string_view(request.target().data(), request.target().size()));
        } catch (const std::exception& e) {
            reply = {500, "text/plain", std::string("internal error: ") + e.what() + "\n"};
        }
        respond(std::move(reply), request.keep_alive(), request.version());
    }

    void respond(AdminReply reply, bool keep_alive, unsigned version) {
        auto response = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(reply.status), version);
        response->set(http::field::server, "dialtone");
        response->set(http::field::content_type, reply.content_type);
        response->set(http::field::cache_control, "no-store");
        response->keep_alive(keep_alive);
        response->body() = std::move(reply.body);
        response->prepare_payload();
        stream_.expires_after(kIoTimeout);
        http::async_write(stream_, *response,
                          [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                              if (ec || !response->keep_alive()) {
                                  self->close();
                                  return;
                              }
                              self->read();
                          });
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    const AdminHandler& handler_;
};

}  // namespace

struct AdminServer::Impl {
    // Declared before the io_context: sessions it still holds at destruction refer to it.
    AdminHandler handler;
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    AdminEndpoint local;
    std::thread thread;

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted) return;
            if (!ec) std::make_shared<Session>(std::move(socket), handler)->start();
            accept();
        });
    }
};

AdminServer::AdminServer(const AdminEndpoint& endpoint, AdminHandler handler)
    : impl_(std::make_unique<Impl>()) {
    impl_->handler = std::move(handler);
    beast::error_code ec;
    const auto address = asio::ip::make_address(endpoint.host, ec);
    const tcp::endpoint where(address, endpoint.port);
    auto failed = [&](const char* what) {
        throw std::runtime_error("admin interface " + endpoint.to_string() + ": cannot " + what +
                                 ": " + ec.message());
    };
    if (ec) failed("parse the address");
    impl_->acceptor.open(where.protocol(), ec);
    if (ec) failed("open a socket");
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    impl_->acceptor.bind(where, ec);
    if (ec) failed("listen");
    impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) failed("listen");
    const tcp::endpoint bound = impl_->acceptor.local_endpoint(ec);
    if (ec) failed("read the bound port");
    impl_->local = AdminEndpoint{bound.address().to_string(), bound.port()};
    impl_->accept();
    impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

AdminServer::~AdminServer() {
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

const AdminEndpoint& AdminServer::local_endpoint() const {
    return impl_->local;
}

}  // namespace dialtone::ops
