#pragma once
// A TLS client for loopback tests whose every step is bounded: operations run
// asynchronously on a private io_context for at most a given time.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "unit/runtime/loopback_support.hpp"

namespace dialtone::runtime::test {

// A client context trusting `ca_file`, offering `cert`/`key` when given.
inline std::unique_ptr<boost::asio::ssl::context> client_context(const std::string& ca_file,
                                                                 const std::string& cert = {},
                                                                 const std::string& key = {}) {
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    ctx->load_verify_file(ca_file);
    ctx->set_verify_mode(ssl::verify_peer);
    if (!cert.empty()) {
        ctx->use_certificate_chain_file(cert);
        ctx->use_private_key_file(key, ssl::context::pem);
    }
    return ctx;
}

class TlsClient {
  public:
    TlsClient(boost::asio::ssl::context& ctx, std::uint16_t port) : stream_(io_, ctx) {
        stream_.set_verify_callback(boost::asio::ssl::host_name_verification("127.0.0.1"));
        boost::system::error_code ec;
        stream_.lowest_layer().connect(
            boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), ec);
        connect_error_ = ec;
    }

    boost::system::error_code handshake(std::chrono::milliseconds limit = kWait) {
        if (connect_error_) return connect_error_;
        boost::system::error_code result = boost::asio::error::timed_out;
        stream_.async_handshake(boost::asio::ssl::stream_base::client,
                                [&](const boost::system::error_code& ec) { result = ec; });
        if (!run(limit)) result = boost::asio::error::timed_out;
        return result;
    }

    boost::system::error_code write(const std::string& bytes,
                                    std::chrono::milliseconds limit = kWait) {
        boost::system::error_code result = boost::asio::error::timed_out;
        boost::asio::async_write(
            stream_, boost::asio::buffer(bytes),
            [&](const boost::system::error_code& ec, std::size_t) { result = ec; });
        if (!run(limit)) result = boost::asio::error::timed_out;
        return result;
    }

    // Reads until `want` occurrences of `needle`, the end of the stream, an error, or
    // `limit`. `eof` is set for a clean close (TLS close_notify) and for an abrupt one.
    StreamRead read_until(std::string_view needle, std::size_t want,
                          std::chrono::milliseconds limit = kWait) {
        StreamRead out;
        const auto deadline = std::chrono::steady_clock::now() + limit;
        char buf[4096];
        while (count_of(out.bytes, needle) < want) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            boost::system::error_code result = boost::asio::error::timed_out;
            std::size_t got = 0;
            stream_.async_read_some(boost::asio::buffer(buf),
                                    [&](const boost::system::error_code& ec, std::size_t n) {
                                        result = ec;
                                        got = n;
                                    });
            if (!run(left)) result = boost::asio::error::timed_out;
            out.bytes.append(buf, got);
            last_error_ = result;
            if (result == boost::asio::error::timed_out) break;
            if (result) {
                out.eof = true;
                break;
            }
        }
        return out;
    }

    // The error that ended the last read (eof for close_notify).
    boost::system::error_code last_error() const { return last_error_; }

  private:
    // Runs queued operations for at most `limit`; false when one had to be cancelled.
    bool run(std::chrono::milliseconds limit) {
        io_.restart();
        io_.run_for(limit);
        if (io_.stopped()) return true;
        boost::system::error_code ignored;
        stream_.lowest_layer().cancel(ignored);
        io_.restart();
        io_.run_for(std::chrono::milliseconds(500));
        return false;
    }

    boost::asio::io_context io_;
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
    boost::system::error_code connect_error_;
    boost::system::error_code last_error_;
};

}  // namespace dialtone::runtime::test
