#pragma once
// Certificates for TLS loopback tests, made in-process with OpenSSL into a fresh temporary
// folder: a CA, a server certificate for 127.0.0.1 signed by it, a client certificate signed
// by it, and a self-signed client certificate no CA vouches for.

#include <string>

namespace dialtone::runtime::test {

struct TestCerts {
    std::string dir;
    std::string ca_cert;
    std::string server_cert, server_key;
    std::string client_cert, client_key;
    std::string stranger_cert, stranger_key;  // self-signed
};

// Writes the files; throws std::runtime_error when OpenSSL or the file system fails.
TestCerts make_test_certs();
// Removes the folder.
void remove_test_certs(const TestCerts& certs);

}  // namespace dialtone::runtime::test
