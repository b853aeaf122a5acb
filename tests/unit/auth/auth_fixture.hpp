#pragma once
// Shared set-up for the digest server and client tests: one user, a fixed key, a fake
// clock (plain Instants) and a deterministic cnonce source.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "dialtone/sip/auth/credential_map.hpp"
#include "dialtone/sip/auth/digest_client.hpp"
#include "dialtone/sip/auth/digest_hash.hpp"
#include "dialtone/sip/auth/digest_server.hpp"
#include "dialtone/sip/message/message.hpp"

namespace dialtone::auth::test {

inline constexpr std::string_view kRealm = "example.test";
inline constexpr std::string_view kRegisterUri = "sip:example.test";
inline const Instant kT0 = unix_ms(1'700'000'000'000);

inline NonceKey fixed_key() {
    NonceKey k;
    for (std::size_t i = 0; i < k.bytes.size(); ++i)
        k.bytes[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return k;
}

inline UserCredentials credentials_for(std::string_view user, std::string_view realm,
                                       std::string_view password) {
    return UserCredentials{
        std::string(compute_ha1(Algorithm::Md5, user, realm, password).view()),
        std::string(compute_ha1(Algorithm::Sha256, user, realm, password).view())};
}

// "c0001", "c0002", ...: distinct and predictable.
inline CnonceSource counting_cnonces() {
    return [n = 0]() mutable { return "c" + std::to_string(++n); };
}

// A REGISTER (or `method`) to `ruri`, with `auth_header: auth_value` when given.
inline message::Message make_request(std::string_view auth_header = {},
                                     std::string_view auth_value = {},
                                     std::string_view method = "REGISTER",
                                     std::string_view ruri = kRegisterUri,
                                     std::string_view body = {}) {
    std::string text = std::string(method) + " " + std::string(ruri) + " SIP/2.0\r\n";
    text +=
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
        "Max-Forwards: 70\r\n"
        "From: <sip:alice@example.test>;tag=1\r\n"
        "To: <sip:alice@example.test>\r\n"
        "Call-ID: c1@127.0.0.1\r\n";
    text += "CSeq: 1 " + std::string(method) + "\r\n";
    text += "Contact: <sip:alice@127.0.0.1:5070>\r\n";
    if (!auth_header.empty())
        text += std::string(auth_header) + ": " + std::string(auth_value) + "\r\n";
    if (!body.empty()) text += "Content-Type: application/sdp\r\n";
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    text += body;
    auto parsed = message::Message::parse(text);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().description()) << "\n" << text;
    return std::move(parsed.value());
}

class AuthTest : public ::testing::Test {
  protected:
    AuthTest() : server_(fixed_key(), users_) {
        users_.set("alice", kRealm, credentials_for("alice", kRealm, "secret"));
    }

    // A 401 (or 407) from server_ with its challenges.
    message::Message challenge(AuthKind kind = AuthKind::Www, Instant now = kT0,
                               bool stale = false) {
        message::Message r = message::Message::response(challenge_status(kind));
        server_.add_challenges(r, kind, kRealm, now, stale);
        return r;
    }

    // The request carrying `answer`.
    static message::Message with(const ClientAnswer& answer, std::string_view method = "REGISTER",
                                 std::string_view ruri = kRegisterUri, std::string_view body = {}) {
        const std::string_view name = answer.header == message::HeaderId::Authorization
                                          ? "Authorization"
                                          : "Proxy-Authorization";
        return make_request(name, answer.value, method, ruri, body);
    }

    CredentialMap users_;
    DigestServer server_;
};

}  // namespace dialtone::auth::test
