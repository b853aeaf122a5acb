#include "runtime/tls_context.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace dialtone::runtime {

namespace ssl = boost::asio::ssl;

namespace {

// The reasons for the last OpenSSL failure, as specific as they come: Asio's error code
// holds the first one ("no start line" for a file that is not PEM), the queue the rest.
std::string openssl_reason(const boost::system::error_code& ec) {
    std::string reason = ec.message();
    while (const unsigned long e = ERR_get_error()) {
        const char* r = ERR_reason_error_string(e);
        if (r == nullptr || reason.find(r) != std::string::npos) continue;
        reason += ": ";
        reason += r;
    }
    return reason;
}

[[noreturn]] void fail(std::string_view what, const std::string& file,
                       const boost::system::error_code& ec) {
    throw std::runtime_error(
        fmt::format("cannot load TLS {} '{}': {}", what, file, openssl_reason(ec)));
}

// A file that cannot be opened gets the system's reason, clearer than OpenSSL's.
void check_readable(std::string_view what, const std::string& file) {
    FILE* f = std::fopen(file.c_str(), "r");
    if (f == nullptr) {
        throw std::runtime_error(
            fmt::format("cannot load TLS {} '{}': {}", what, file, std::strerror(errno)));
    }
    std::fclose(f);
}

std::shared_ptr<ssl::context> base_context(ssl::context::method method) {
    auto ctx = std::make_shared<ssl::context>(method);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    return ctx;
}

void load_identity(ssl::context& ctx, const TlsConfig& config) {
    check_readable("certificate", config.cert_file);
    check_readable("private key", config.key_file);
    ERR_clear_error();
    boost::system::error_code ec;
    ctx.use_certificate_chain_file(config.cert_file, ec);
    if (ec) fail("certificate", config.cert_file, ec);
    ctx.use_private_key_file(config.key_file, ssl::context::pem, ec);
    if (ec) fail("private key", config.key_file, ec);
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
        ERR_clear_error();
        throw std::runtime_error(fmt::format("TLS private key '{}' does not match certificate '{}'",
                                             config.key_file, config.cert_file));
    }
}

void load_ca(ssl::context& ctx, const std::string& file) {
    check_readable("CA file", file);
    ERR_clear_error();
    boost::system::error_code ec;
    ctx.load_verify_file(file, ec);
    if (ec) fail("CA file", file, ec);
}

}  // namespace

std::shared_ptr<ssl::context> make_server_tls_context(const TlsConfig& config) {
    if (config.cert_file.empty() || config.key_file.empty()) {
        throw std::runtime_error("a TLS listener needs --tls-cert and --tls-key");
    }
    if (config.verify_client && config.ca_file.empty()) {
        throw std::runtime_error("--tls-verify-client needs --tls-ca to verify clients against");
    }
    auto ctx = base_context(ssl::context::tls_server);
    load_identity(*ctx, config);
    if (!config.ca_file.empty()) {
        load_ca(*ctx, config.ca_file);
        // Tell clients which CAs are accepted, so they pick the right certificate.
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.ca_file.c_str())) {
            SSL_CTX_set_client_CA_list(ctx->native_handle(), names);
        }
        ERR_clear_error();
    }
    if (config.verify_client) {
        ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    } else {
        ctx->set_verify_mode(ssl::verify_none);
    }
    return ctx;
}

std::shared_ptr<ssl::context> make_client_tls_context(const TlsConfig& config) {
    auto ctx = base_context(ssl::context::tls_client);
    if (!config.cert_file.empty() && !config.key_file.empty()) load_identity(*ctx, config);
    if (!config.ca_file.empty()) {
        load_ca(*ctx, config.ca_file);
    } else {
        boost::system::error_code ec;
        ctx->set_default_verify_paths(ec);  // no system CAs: every verification fails
    }
    ctx->set_verify_mode(ssl::verify_peer);
    return ctx;
}

}  // namespace dialtone::runtime
