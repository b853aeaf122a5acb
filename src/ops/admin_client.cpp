#include "ops/admin_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace dialtone::ops {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

AdminFetch admin_get(const AdminEndpoint& endpoint, std::string_view target,
                     std::chrono::milliseconds timeout) {
    AdminFetch out;
    beast::error_code ec;
    const auto address = asio::ip::make_address(endpoint.host, ec);
    if (ec) {
        out.error = "bad address " + endpoint.host;
        return out;
    }
    asio::io_context io;
    beast::tcp_stream stream(io);
    http::request<http::empty_body> request(http::verb::get,
                                            beast::string_view(target.data(), target.size()), 11);
    request.set(http::field::host, endpoint.to_string());
    request.set(http::field::user_agent, "dialtone-ctl");
    request.keep_alive(false);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    // Registrations of a large server fill tens of megabytes of JSON.
    parser.body_limit(std::uint64_t{1} << 32);

    // Asynchronous operations under one deadline (tcp_stream's timer) rather than blocking
    // calls, so a server that accepts and then says nothing cannot hang the command.
    std::string stage = "connect";
    stream.expires_after(timeout);
    stream.async_connect(tcp::endpoint(address, endpoint.port), [&](beast::error_code e) {
        if (e) {
            ec = e;
            return;
        }
        stage = "send the request";
        http::async_write(stream, request, [&](beast::error_code e2, std::size_t) {
            if (e2) {
                ec = e2;
                return;
            }
            stage = "read the response";
            http::async_read(stream, buffer, parser,
                             [&](beast::error_code e3, std::size_t) { ec = e3; });
        });
    });
    io.run();
    if (ec) {
        out.error = "cannot " + stage + " (" + endpoint.to_string() + "): " + ec.message();
        return out;
    }
    out.ok = true;
    out.status = parser.get().result_int();
    out.body = std::move(parser.get().body());
    return out;
}

}  // namespace dialtone::ops
