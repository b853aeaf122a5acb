// SIP over TLS (RFC 3261 §26.2.1) on loopback: the same framing, answers and limits as
// TCP behind a TLS 1.2+ handshake; client certificates when --tls-verify-client asks for
// them; start-up errors that name the file at fault.

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "unit/runtime/loopback_support.hpp"
#include "unit/runtime/test_certs.hpp"
#include "unit/runtime/tls_client.hpp"

namespace dialtone::runtime {
namespace {

using namespace test;
using namespace std::chrono_literals;

class Tls : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { certs_ = new TestCerts(make_test_certs()); }
    static void TearDownTestSuite() {
        remove_test_certs(*certs_);
        delete certs_;
        certs_ = nullptr;
    }
    void SetUp() override { spdlog::set_level(spdlog::level::warn); }

    static ServerConfig tls_config(bool verify_client = false) {
        ServerConfig config = loopback_config(2);
        config.listen.push_back(loopback_spec(false, false, true));
        config.tls.cert_file = certs_->server_cert;
        config.tls.key_file = certs_->server_key;
        config.tls.ca_file = certs_->ca_cert;
        config.tls.verify_client = verify_client;
        return config;
    }

    static TestCerts* certs_;
};

TestCerts* Tls::certs_ = nullptr;

TEST_F(Tls, OptionsOverTlsAnswered_Rfc3261_26_2_1) {
    RunningServer server(tls_config());
    ASSERT_EQ(server->tls_endpoints().size(), 1u);
    auto ctx = client_context(certs_->ca_cert);
    TlsClient client(*ctx, server.tls_port());
    ASSERT_FALSE(client.handshake()) << "the server certificate must verify for 127.0.0.1";
    const std::string three = options_request("TLS", 1) + options_request("TLS", 2) +
                              options_request("TLS", 3, {}, "other@127.0.0.1");
    ASSERT_FALSE(client.write(three));
    const StreamRead r = client.read_until("SIP/2.0 200 OK\r\n", 3);
    EXPECT_EQ(count_of(r.bytes, "SIP/2.0 200 OK\r\n"), 3u) << r.bytes;
    EXPECT_NE(r.bytes.find("Via: SIP/2.0/TLS 127.0.0.1:9;rport="), std::string::npos) << r.bytes;
    EXPECT_FALSE(r.eof);
}

TEST_F(Tls, TlsFramingErrorAnsweredThenClosedWithCloseNotify_Rfc3261_18_3) {
    RunningServer server(tls_config());
    auto ctx = client_context(certs_->ca_cert);
    TlsClient client(*ctx, server.tls_port());
    ASSERT_FALSE(client.handshake());
    ASSERT_FALSE(client.write(options_request("TLS", 1, "Content-Length: -3\r\n")));
    const StreamRead r = client.read_until("\r\n\r\n", 1);
    EXPECT_EQ(r.bytes.rfind("SIP/2.0 400 ", 0), 0u) << r.bytes;
    const StreamRead after = r.eof ? r : client.read_until("never", 1);
    EXPECT_TRUE(after.eof);
    // A clean TLS close: close_notify, which Asio reports as eof.
    EXPECT_EQ(client.last_error(), boost::asio::error::eof) << client.last_error().message();
}

TEST_F(Tls, ClientWithoutCertificateIsRefused_Rfc3261_26_2_1) {
    RunningServer server(tls_config(true));
    auto ctx = client_context(certs_->ca_cert);
    TlsClient client(*ctx, server.tls_port());
    // With TLS 1.3 the client may finish its side before the server rejects it.
    if (!client.handshake()) {
        client.write(options_request("TLS", 1));
        const StreamRead r = client.read_until("SIP/2.0 200", 1);
        EXPECT_EQ(count_of(r.bytes, "SIP/2.0"), 0u) << r.bytes;
        EXPECT_TRUE(r.eof);
    }
}

TEST_F(Tls, ClientWithCertificateFromTheCaIsServed) {
    RunningServer server(tls_config(true));
    auto ctx = client_context(certs_->ca_cert, certs_->client_cert, certs_->client_key);
    TlsClient client(*ctx, server.tls_port());
    ASSERT_FALSE(client.handshake());
    ASSERT_FALSE(client.write(options_request("TLS", 1)));
    const StreamRead r = client.read_until("SIP/2.0 200 OK\r\n", 1);
    EXPECT_EQ(count_of(r.bytes, "SIP/2.0 200 OK\r\n"), 1u) << r.bytes;
}

TEST_F(Tls, ClientWithCertificateFromAnotherIssuerIsRefused) {
    RunningServer server(tls_config(true));
    auto ctx = client_context(certs_->ca_cert, certs_->stranger_cert, certs_->stranger_key);
    TlsClient client(*ctx, server.tls_port());
    if (!client.handshake()) {
        client.write(options_request("TLS", 1));
        const StreamRead r = client.read_until("SIP/2.0 200", 1);
        EXPECT_EQ(count_of(r.bytes, "SIP/2.0"), 0u) << r.bytes;
        EXPECT_TRUE(r.eof);
    }
}

TEST_F(Tls, SilentClientIsClosedWithinTheMessageTimeout) {
    // A TCP connection to the TLS port that never starts the handshake.
    ServerConfig config = tls_config();
    config.message_timeout = 200ms;
    RunningServer server(config);
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect(boost::asio::ip::tcp::endpoint(loopback(), server.tls_port()));
    EXPECT_TRUE(closed_by_server(s));
}

TEST_F(Tls, UnreadableFilesAreStartupErrorsNamingTheFile) {
    struct Case {
        std::string cert, key, ca;
        std::string named;
    };
    const std::string missing = certs_->dir + "/missing.pem";
    const std::vector<Case> cases = {
        {missing, certs_->server_key, "", missing},
        {certs_->server_cert, missing, "", missing},
        {certs_->server_cert, certs_->server_key, missing, missing},
        {certs_->server_key, certs_->server_key, "", certs_->server_key},   // a key, not a cert
        {certs_->server_cert, certs_->client_key, "", certs_->client_key},  // does not match
    };
    for (const Case& c : cases) {
        ServerConfig config = tls_config();
        config.tls.cert_file = c.cert;
        config.tls.key_file = c.key;
        config.tls.ca_file = c.ca;
        Server server(config);
        try {
            server.open();
            ADD_FAILURE() << "opened with cert=" << c.cert << " key=" << c.key << " ca=" << c.ca;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(c.named), std::string::npos) << e.what();
        }
    }
}

TEST_F(Tls, TlsListenerNeedsACertificate) {
    ServerConfig config = tls_config();
    config.tls = TlsConfig{};
    Server server(config);
    EXPECT_THROW(server.open(), std::runtime_error);
}

}  // namespace
}  // namespace dialtone::runtime
