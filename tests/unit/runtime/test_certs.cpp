#include "unit/runtime/test_certs.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace dialtone::runtime::test {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test certificates: ") + what);
}

Key make_key() {
    Key key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// Signed by `issuer_key` / `issuer` (self-signed when issuer is null).
Cert make_cert(EVP_PKEY* key, const char* common_name, long serial, X509* issuer,
               EVP_PKEY* issuer_key, bool ca, const char* san) {
    Cert cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509* signer = issuer != nullptr ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    add_ext(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
    if (ca) add_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    if (san != nullptr) add_ext(cert.get(), signer, NID_subject_alt_name, san);
    check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0,
          "X509_sign");
    return cert;
}

void write_cert(const std::string& path, X509* cert) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f != nullptr, "fopen");
    const int ok = PEM_write_X509(f, cert);
    std::fclose(f);
    check(ok == 1, "PEM_write_X509");
}

void write_key(const std::string& path, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f != nullptr, "fopen");
    const int ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    check(ok == 1, "PEM_write_PrivateKey");
}

}  // namespace

TestCerts make_test_certs() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dialtone-certs.XXXXXX").string();
    check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    TestCerts out;
    out.dir = pattern;
    const auto file = [&](const char* name) { return out.dir + "/" + name; };

    Key ca_key = make_key();
    Cert ca = make_cert(ca_key.get(), "Dialtone Test CA", 1, nullptr, nullptr, true, nullptr);
    Key server_key = make_key();
    Cert server = make_cert(server_key.get(), "127.0.0.1", 2, ca.get(), ca_key.get(), false,
                            "IP:127.0.0.1,DNS:localhost");
    Key client_key = make_key();
    Cert client = make_cert(client_key.get(), "client", 3, ca.get(), ca_key.get(), false, nullptr);
    Key stranger_key = make_key();
    Cert stranger = make_cert(stranger_key.get(), "stranger", 4, nullptr, nullptr, false, nullptr);

    out.ca_cert = file("ca.pem");
    out.server_cert = file("server.pem");
    out.server_key = file("server.key");
    out.client_cert = file("client.pem");
    out.client_key = file("client.key");
    out.stranger_cert = file("stranger.pem");
    out.stranger_key = file("stranger.key");
    write_cert(out.ca_cert, ca.get());
    write_cert(out.server_cert, server.get());
    write_key(out.server_key, server_key.get());
    write_cert(out.client_cert, client.get());
    write_key(out.client_key, client_key.get());
    write_cert(out.stranger_cert, stranger.get());
    write_key(out.stranger_key, stranger_key.get());
    return out;
}

void remove_test_certs(const TestCerts& certs) {
    std::error_code ignored;
    if (!certs.dir.empty()) std::filesystem::remove_all(certs.dir, ignored);
}

}  // namespace dialtone::runtime::test
