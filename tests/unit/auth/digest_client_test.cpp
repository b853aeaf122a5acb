#include "dialtone/sip/auth/digest_client.hpp"

#include <gtest/gtest.h>

#include "dialtone/sip/message/digest.hpp"
#include "unit/auth/auth_fixture.hpp"

namespace dialtone::auth {
namespace {

using test::AuthTest;
using test::kRealm;
using test::kRegisterUri;
using test::kT0;

constexpr std::string_view kRfcSha256Challenge =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
constexpr std::string_view kRfcMd5Challenge =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
constexpr std::string_view kRfcCnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

DigestClient rfc_client() {
    return DigestClient({.username = "Mufasa", .password = "Circle of Life"},
                        [] { return std::string(kRfcCnonce); });
}

// RFC 7616 §3.9.1: given the example's challenges (MD5 listed first on purpose) and its
// cnonce, the client picks SHA-256 (RFC 8760 §2.4) and produces the example's response.
TEST(DigestClientRfc, Rfc7616_3_9_1_Sha256AnswerMatchesTheExample) {
    DigestClient client = rfc_client();
    const std::string_view both[] = {kRfcMd5Challenge, kRfcSha256Challenge};
    auto answer = client.answer(both, AuthKind::Www, "GET", "/dir/index.html");
    ASSERT_TRUE(answer.ok()) << answer.error().what;
    EXPECT_EQ(answer->algorithm, Algorithm::Sha256);
    EXPECT_EQ(answer->header, message::HeaderId::Authorization);
    auto creds = message::parse_credentials(answer->value);
    ASSERT_TRUE(creds.ok()) << answer->value;
    EXPECT_EQ(creds->response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    EXPECT_EQ(creds->username, "Mufasa");
    EXPECT_EQ(creds->realm, "http-auth@example.org");
    EXPECT_EQ(creds->uri, "/dir/index.html");
    EXPECT_EQ(creds->qop, "auth");
    EXPECT_EQ(creds->nc, "00000001");
    EXPECT_EQ(creds->cnonce, kRfcCnonce);
    EXPECT_EQ(creds->opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
    EXPECT_EQ(creds->digest_algorithm(), message::DigestAlgorithm::Sha256);
}

TEST(DigestClientRfc, Rfc7616_3_9_1_Md5AnswerMatchesTheExample) {
    DigestClient client = rfc_client();
    const std::string_view md5[] = {kRfcMd5Challenge};
    auto answer = client.answer(md5, AuthKind::Www, "GET", "/dir/index.html");
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->algorithm, Algorithm::Md5);
    auto creds = message::parse_credentials(answer->value);
    ASSERT_TRUE(creds.ok());
    EXPECT_EQ(creds->response, "8ca523f5e9506fed4657c9700eebdbec");
}

// The same from HA1s instead of the password (a phone provisioned with HA1 only).
TEST(DigestClientRfc, Rfc7616_3_9_1_FromHa1) {
    ClientCredentials c;
    c.username = "Mufasa";
    c.realm = "http-auth@example.org";
    c.ha1_md5 = std::string(
        compute_ha1(Algorithm::Md5, "Mufasa", "http-auth@example.org", "Circle of Life").view());
    DigestClient client(c, [] { return std::string(kRfcCnonce); });
    const std::string_view both[] = {kRfcSha256Challenge, kRfcMd5Challenge};
    auto answer = client.answer(both, AuthKind::Www, "GET", "/dir/index.html");
    ASSERT_TRUE(answer.ok());
    // Only an MD5 HA1 is known, so MD5 is answered even though SHA-256 is offered.
    EXPECT_EQ(answer->algorithm, Algorithm::Md5);
    EXPECT_EQ(message::parse_credentials(answer->value)->response,
              "8ca523f5e9506fed4657c9700eebdbec");
}

// RFC 8760 §2.4: SHA-256 is preferred whichever order the server lists them in.
TEST_F(AuthTest, Rfc8760_2_4_ClientPrefersSha256) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->algorithm, Algorithm::Sha256);
    EXPECT_EQ(answer->realm, kRealm);
    EXPECT_EQ(server_.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

// RFC 3261 §22.3: a 407 is answered with Proxy-Authorization, which the proxy verifies.
TEST_F(AuthTest, Rfc3261_22_3_ProxyChallengeAnsweredAndVerified) {
    for (bool md5 : {false, true}) {
        DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
        message::Message r = challenge(AuthKind::Proxy);
        if (md5) {
            // Keep only the MD5 challenge.
            r.remove_header(message::HeaderId::ProxyAuthenticate);
            const auto values = server_.challenges(kRealm, kT0);
            r.add_header(message::HeaderId::ProxyAuthenticate, values[1]);
        }
        auto answer = client.answer(r, "INVITE", "sip:bob@example.test");
        ASSERT_TRUE(answer.ok());
        EXPECT_EQ(answer->header, message::HeaderId::ProxyAuthorization);
        EXPECT_EQ(answer->algorithm, md5 ? Algorithm::Md5 : Algorithm::Sha256);
        const Verdict v = server_.verify(with(*answer, "INVITE", "sip:bob@example.test"),
                                         AuthKind::Proxy, kRealm, kT0);
        EXPECT_EQ(v.outcome, Outcome::Ok) << v.reason;
    }
}

// RFC 7616 §3.4: nc counts requests per nonce, from 00000001; a new nonce starts over, and
// every request has a new cnonce.
TEST_F(AuthTest, Rfc7616_3_4_NonceCountPerNonce) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    const message::Message first = challenge();
    auto a1 = client.answer(first, "REGISTER", kRegisterUri);
    auto a2 = client.reuse(kRealm, "REGISTER", kRegisterUri);
    auto a3 = client.answer(first, "REGISTER", kRegisterUri);  // same nonce again
    ASSERT_TRUE(a1.ok() && a2 && a3.ok());
    EXPECT_EQ(a1->nc, 1u);
    EXPECT_EQ(a2->nc, 2u);
    EXPECT_EQ(a3->nc, 3u);
    EXPECT_EQ(message::parse_credentials(a3->value)->nc, "00000003");
    EXPECT_NE(message::parse_credentials(a1->value)->cnonce,
              message::parse_credentials(a2->value)->cnonce);
    for (const ClientAnswer* a : {&*a1, &*a2, &*a3})
        EXPECT_EQ(server_.verify(with(*a), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    auto fresh = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(fresh->nc, 1u);
    EXPECT_EQ(server_.verify(with(*fresh), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

// Answering a stale=true challenge needs no user interaction and succeeds.
TEST_F(AuthTest, Rfc7616_3_3_StaleChallengeAnswered) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto old = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(old.ok());
    const Instant later = kT0 + std::chrono::hours(1);
    const Verdict v = server_.verify(with(*old), AuthKind::Www, kRealm, later);
    ASSERT_EQ(v.outcome, Outcome::StaleNonce);
    auto retry = client.answer(challenge(AuthKind::Www, later, true), "REGISTER", kRegisterUri);
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(server_.verify(with(*retry), AuthKind::Www, kRealm, later).outcome, Outcome::Ok);
}

// qop=auth-int (only when the server offers it alone) covers the body; a changed body fails.
TEST(DigestClientAuthInt, Rfc7616_3_4_3_AuthIntRoundTrip) {
    CredentialMap users;
    users.set("alice", kRealm, test::credentials_for("alice", kRealm, "secret"));
    DigestServerConfig cfg;
    cfg.offer_auth_int = true;
    DigestServer server(test::fixed_key(), users, cfg);
    std::string challenge_value = server.challenges(kRealm, kT0)[0];
    challenge_value.replace(challenge_value.find("qop=\"auth,auth-int\""), 19, "qop=\"auth-int\"");
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    const std::string_view values[] = {challenge_value};
    const std::string body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
    auto answer = client.answer(values, AuthKind::Www, "INVITE", "sip:bob@example.test", body);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(message::parse_credentials(answer->value)->qop, "auth-int");
    const std::string name = "Authorization";
    auto request = test::make_request(name, answer->value, "INVITE", "sip:bob@example.test", body);
    EXPECT_EQ(server.verify(request, AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    auto tampered = client.reuse(kRealm, "INVITE", "sip:bob@example.test", body);
    ASSERT_TRUE(tampered);
    auto changed = test::make_request(name, tampered->value, "INVITE", "sip:bob@example.test",
                                      "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\n");
    EXPECT_EQ(server.verify(changed, AuthKind::Www, kRealm, kT0).outcome, Outcome::WrongPassword);
}

TEST(DigestClientChoice, NothingToAnswer) {
    DigestClient client({.username = "alice", .password = "secret", .realm = "example.test"},
                        test::counting_cnonces());
    const std::string_view unusable[] = {
        "Basic realm=\"example.test\"",
        "Digest realm=\"example.test\", nonce=\"n\", algorithm=SHA-512-256, qop=\"auth\"",
        "Digest realm=\"example.test\", nonce=\"n\", algorithm=MD5-sess, qop=\"auth\"",
        "Digest realm=\"example.test\", nonce=\"n\", qop=\"auth-conf\"",
        "Digest realm=\"other.test\", nonce=\"n\", qop=\"auth\"",
        "Digest realm=\"example.test\"",  // no nonce: not a valid challenge
    };
    for (std::string_view v : unusable) {
        const std::string_view one[] = {v};
        auto answer = client.answer(one, AuthKind::Www, "REGISTER", kRegisterUri);
        EXPECT_FALSE(answer.ok()) << v;
    }
    auto none =
        client.answer(std::span<const std::string_view>{}, AuthKind::Www, "REGISTER", kRegisterUri);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().what, "no Digest challenge this client can answer");
    EXPECT_FALSE(client.reuse("example.test", "REGISTER", kRegisterUri));
}

// Quoted-string escapes in the challenge are resolved before hashing and written back
// escaped (RFC 3261 §25.1 quoted-pair).
TEST(DigestClientChoice, EscapedRealmRoundTrips) {
    const std::string realm = "a \"quoted\" realm";
    CredentialMap users;
    users.set("alice", realm, test::credentials_for("alice", realm, "secret"));
    DigestServer server(test::fixed_key(), users);
    message::Message r = message::Message::response(401);
    server.add_challenges(r, AuthKind::Www, realm, kT0);
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(r, "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->realm, realm);
    auto request = test::make_request("Authorization", answer->value);
    EXPECT_EQ(server.verify(request, AuthKind::Www, realm, kT0).outcome, Outcome::Ok);
}

TEST(DigestClientChoice, RandomCnoncesDiffer) {
    CnonceSource source = random_cnonce_source();
    const std::string a = source(), b = source();
    EXPECT_EQ(a.size(), 32u);
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace dialtone::auth
