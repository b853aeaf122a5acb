// SipHandler on a real one-worker server: the registrar's 401 is sent as a stateless UAS
// sends it (RFC 3261 §8.2.7), so a challenge leaves no transaction behind to hold its
// response for Timer J. The handler is made on the thread that opens the server and runs on
// the worker's, which is how `dialtone serve` runs it.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <optional>
#include <string>

#include "dialtone/sip/message/message.hpp"
#include "runtime/sip_handler.hpp"
#include "store/location_service.hpp"
#include "unit/runtime/loopback_support.hpp"

namespace dialtone::runtime {
namespace {

using boost::asio::ip::udp;

std::string register_request(std::uint16_t port) {
    return "REGISTER sip:example.test SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 127.0.0.1:" +
           std::to_string(port) +
           ";branch=z9hG4bKchallenge1;rport\r\n"
           "Max-Forwards: 70\r\n"
           "From: <sip:alice@example.test>;tag=c1\r\n"
           "To: <sip:alice@example.test>\r\n"
           "Call-ID: challenge@test\r\n"
           "CSeq: 1 REGISTER\r\n"
           "Contact: <sip:alice@127.0.0.1:" +
           std::to_string(port) +
           ">\r\n"
           "Content-Length: 0\r\n\r\n";
}

class ChallengeTest : public ::testing::Test {
  protected:
    ChallengeTest() : client_(io_, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
        ServerConfig config = test::loopback_config(1);
        config.listen = {test::loopback_spec(true, false)};
        config.shutdown_grace = std::chrono::milliseconds(200);
        server::ResponderConfig rc = responder_config(config);
        shared_.responder = std::make_shared<const server::Responder>(rc);
        shared_.tag_secret = rc.tag_secret;
        shared_.registrar_enabled = true;
        shared_.registrar.domains = {"example.test"};
        shared_.location = &location_;
        shared_.nonce_key = *auth::NonceKey::generate();
        shared_.offer_sha256 = false;
        server_.emplace(config, [this](WorkerServices& services) {
            return std::make_unique<SipHandler>(shared_, services);
        });
    }

    // The nonce of the 401 that answers `request`, or nullopt when none came.
    std::optional<std::string> challenge_nonce(const std::string& request) {
        client_.send_to(
            boost::asio::buffer(request),
            udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server_->udp_port()));
        char buf[4096];
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t n = test::receive_within(client_, boost::asio::buffer(buf), from, ec);
        if (ec) return std::nullopt;
        auto response = message::Message::parse(std::string_view(buf, n));
        if (!response.ok() || response->status() != 401) return std::nullopt;
        const std::string_view challenge = response->header(message::HeaderId::WwwAuthenticate);
        const std::size_t at = challenge.find("nonce=\"");
        if (at == std::string_view::npos) return std::nullopt;
        const std::size_t start = at + 7;
        return std::string(challenge.substr(start, challenge.find('"', start) - start));
    }

    std::uint16_t client_port() const { return client_.local_endpoint().port(); }

    SipHandlerShared shared_;
    store::LocationService location_;
    boost::asio::io_context io_;
    udp::socket client_;
    std::optional<test::RunningServer> server_;
};

// A retransmission of the unauthenticated REGISTER finds no transaction: it is challenged
// afresh, with a new nonce. A transaction kept for Timer J would have re-sent the first 401
// byte for byte (§17.2.2).
TEST_F(ChallengeTest, ChallengeLeavesNoTransaction_Rfc3261_8_2_7) {
    const std::string request = register_request(client_port());
    const auto first = challenge_nonce(request);
    ASSERT_TRUE(first.has_value());
    const auto second = challenge_nonce(request);
    ASSERT_TRUE(second.has_value());
    EXPECT_NE(*first, *second);
}

}  // namespace
}  // namespace dialtone::runtime
