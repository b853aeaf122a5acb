#pragma once
// TLS settings for `dialtone serve` (RFC 3261 §26.2.1: SIP over TLS, TLS 1.2 or later per
// RFC 8996) and the OpenSSL contexts built from them, shared by every worker (an SSL_CTX
// may be used by many threads once set up).

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace dialtone::runtime {

struct TlsConfig {
    std::string cert_file;  // PEM certificate chain the server presents
    std::string key_file;   // PEM private key of that certificate
    std::string ca_file;    // PEM CAs that client (and peer server) certificates must chain to
    // Require a client certificate that chains to `ca_file` (mutual TLS).
    bool verify_client = false;
};

// The context for accepted TLS connections. Throws std::runtime_error naming the file and
// what is wrong when a certificate, key or CA file cannot be loaded, or when the key does
// not match the certificate.
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const TlsConfig& config);

// The context for TLS connections the server opens: peer certificates are verified against
// `ca_file`, or the system's CAs when it is empty; the server's own certificate is offered
// when one is configured.
std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(const TlsConfig& config);

}  // namespace dialtone::runtime
