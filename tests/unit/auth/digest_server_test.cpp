#include "dialtone/sip/auth/digest_server.hpp"

#include <gtest/gtest.h>

#include "dialtone/sip/message/digest.hpp"
#include "unit/auth/auth_fixture.hpp"

namespace dialtone::auth {
namespace {

using test::AuthTest;
using test::kRealm;
using test::kRegisterUri;
using test::kT0;
using test::make_request;

std::vector<std::string> challenge_values(const message::Message& r, message::HeaderId id) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < r.slot_count(); ++i)
        if (r.slot(i).id == id) out.emplace_back(r.value_of(r.slot(i)));
    return out;
}

// Replaces `directive="old"` (or directive=old) in a credentials value.
std::string with_directive(std::string value, std::string_view name, std::string_view new_text) {
    const std::size_t at = value.find(std::string(name) + "=");
    EXPECT_NE(at, std::string::npos) << name;
    std::size_t end = value.find(", ", at);
    if (end == std::string::npos) end = value.size();
    value.replace(at, end - at, std::string(name) + "=" + std::string(new_text));
    return value;
}

// --- challenges ---

// RFC 8760 §2.4: one challenge per algorithm, the preferred (SHA-256) first; RFC 7616 §3.3:
// realm, nonce, qop; RFC 3261 §22.2: 401 carries WWW-Authenticate.
TEST_F(AuthTest, Rfc8760_2_4_ChallengesSha256FirstThenMd5) {
    const message::Message r = challenge();
    const auto values = challenge_values(r, message::HeaderId::WwwAuthenticate);
    ASSERT_EQ(values.size(), 2u);
    auto first = message::parse_challenge(values[0]);
    auto second = message::parse_challenge(values[1]);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->digest_algorithm(), message::DigestAlgorithm::Sha256);
    EXPECT_EQ(second->digest_algorithm(), message::DigestAlgorithm::Md5);
    for (const auto* c : {&*first, &*second}) {
        EXPECT_EQ(c->realm, kRealm);
        EXPECT_TRUE(c->qop_offers("auth"));
        EXPECT_FALSE(c->qop_offers("auth-int"));
        EXPECT_FALSE(c->stale);
        EXPECT_FALSE(c->has(message::DigestField::Opaque));
    }
    EXPECT_EQ(first->nonce, second->nonce);
    EXPECT_EQ(challenge_values(r, message::HeaderId::ProxyAuthenticate).size(), 0u);
}

// RFC 3261 §22.3: a proxy challenges with 407 and Proxy-Authenticate.
TEST_F(AuthTest, Rfc3261_22_3_ProxyChallengesWithProxyAuthenticate) {
    const message::Message r = challenge(AuthKind::Proxy);
    EXPECT_EQ(r.status(), 407);
    EXPECT_EQ(challenge_values(r, message::HeaderId::ProxyAuthenticate).size(), 2u);
    EXPECT_EQ(challenge_values(r, message::HeaderId::WwwAuthenticate).size(), 0u);
}

TEST(DigestServerChallenge, StaleOpaqueAuthIntAndSingleAlgorithm) {
    CredentialMap users;
    DigestServerConfig cfg;
    cfg.opaque = "op\"aque";
    cfg.offer_md5 = false;
    cfg.offer_auth_int = true;
    DigestServer server(test::fixed_key(), users, cfg);
    const auto values = server.challenges(kRealm, kT0, true);
    ASSERT_EQ(values.size(), 1u);
    auto c = message::parse_challenge(values[0]);
    ASSERT_TRUE(c.ok()) << values[0];
    EXPECT_TRUE(c->stale);  // RFC 7616 §3.3 stale
    EXPECT_EQ(c->opaque, "op\\\"aque");
    EXPECT_TRUE(c->qop_offers("auth"));
    EXPECT_TRUE(c->qop_offers("auth-int"));
    EXPECT_EQ(c->digest_algorithm(), message::DigestAlgorithm::Sha256);
}

TEST_F(AuthTest, EachChallengeHasAFreshNonce) {
    const auto a = server_.challenges(kRealm, kT0);
    const auto b = server_.challenges(kRealm, kT0);
    EXPECT_NE(message::parse_challenge(a[0])->nonce, message::parse_challenge(b[0])->nonce);
}

// --- verification outcomes ---

TEST_F(AuthTest, OkForBothAlgorithms) {
    for (Algorithm a : {Algorithm::Sha256, Algorithm::Md5}) {
        DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
        const message::Message r = challenge();
        // Offer only algorithm `a` to the client.
        std::vector<std::string_view> only;
        const auto values = challenge_values(r, message::HeaderId::WwwAuthenticate);
        for (const std::string& v : values)
            if (message::parse_challenge(v)->digest_algorithm() ==
                (a == Algorithm::Md5 ? message::DigestAlgorithm::Md5
                                     : message::DigestAlgorithm::Sha256))
                only.push_back(v);
        auto answer = client.answer(only, AuthKind::Www, "REGISTER", kRegisterUri);
        ASSERT_TRUE(answer.ok());
        const Verdict v = server_.verify(with(*answer), AuthKind::Www, kRealm, kT0);
        EXPECT_EQ(v.outcome, Outcome::Ok) << v.reason;
        EXPECT_EQ(v.username, "alice");
        EXPECT_EQ(v.algorithm, a);
        EXPECT_EQ(response_status(v.outcome, AuthKind::Www), 0);
    }
}

// RFC 3261 §22.2: a request without credentials is challenged.
TEST_F(AuthTest, Rfc3261_22_2_NoCredentials) {
    const Verdict v = server_.verify(make_request(), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::NoCredentials);
    EXPECT_EQ(response_status(v.outcome, AuthKind::Www), 401);
    EXPECT_EQ(response_status(v.outcome, AuthKind::Proxy), 407);
    EXPECT_FALSE(challenge_is_stale(v.outcome));
}

// RFC 3261 §22.3: credentials for another realm (another proxy's) or another scheme are not
// ours; Proxy-Authorization is not read by a registrar and vice versa.
TEST_F(AuthTest, Rfc3261_22_3_OtherRealmOtherSchemeOtherHeaderAreNoCredentials) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const std::string other_realm = with_directive(answer->value, "realm", "\"other.test\"");
    EXPECT_EQ(server_.verify(make_request("Authorization", other_realm), AuthKind::Www, kRealm, kT0)
                  .outcome,
              Outcome::NoCredentials);
    EXPECT_EQ(server_
                  .verify(make_request("Authorization", "Basic QWxhZGRpbjpvcGVu"), AuthKind::Www,
                          kRealm, kT0)
                  .outcome,
              Outcome::NoCredentials);
    EXPECT_EQ(server_.verify(with(*answer), AuthKind::Proxy, kRealm, kT0).outcome,
              Outcome::NoCredentials);
}

TEST_F(AuthTest, CredentialsForOurRealmAreFoundAfterOthers) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(AuthKind::Proxy), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    std::string text = make_request().to_string();
    const std::string other =
        "Proxy-Authorization: " + with_directive(answer->value, "realm", "\"far.test\"") + "\r\n";
    const std::string ours = "Proxy-Authorization: " + answer->value + "\r\n";
    text.insert(text.find("Content-Length"), other + ours);
    auto request = message::Message::parse(text);
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(server_.verify(*request, AuthKind::Proxy, kRealm, kT0).outcome, Outcome::Ok);
}

TEST_F(AuthTest, WrongPassword) {
    DigestClient client({.username = "alice", .password = "guess"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const Verdict v = server_.verify(with(*answer), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::WrongPassword);
    EXPECT_EQ(response_status(v.outcome, AuthKind::Www), 403);
}

// No user enumeration: an unknown user gets exactly what a wrong password gets, even when
// the nonce is expired (a known user with a right password would get stale=true there, but
// that needs the password).
TEST_F(AuthTest, UnknownUserLooksLikeWrongPassword) {
    for (Instant when : {kT0, kT0 + std::chrono::hours(1)}) {
        DigestClient bob({.username = "bob", .password = "secret"}, test::counting_cnonces());
        DigestClient alice({.username = "alice", .password = "nope"}, test::counting_cnonces());
        auto a = bob.answer(challenge(), "REGISTER", kRegisterUri);
        auto b = alice.answer(challenge(), "REGISTER", kRegisterUri);
        ASSERT_TRUE(a.ok() && b.ok());
        const Verdict unknown = server_.verify(with(*a), AuthKind::Www, kRealm, when);
        const Verdict wrong = server_.verify(with(*b), AuthKind::Www, kRealm, when);
        EXPECT_EQ(unknown.outcome, Outcome::UnknownUser);
        EXPECT_EQ(wrong.outcome, Outcome::WrongPassword);
        EXPECT_EQ(response_status(unknown.outcome, AuthKind::Www),
                  response_status(wrong.outcome, AuthKind::Www));
        EXPECT_EQ(challenge_is_stale(unknown.outcome), challenge_is_stale(wrong.outcome));
    }
}

// A user stored without a SHA-256 HA1 answering with SHA-256 is refused like a wrong
// password, not with a different status that would reveal what is stored.
TEST_F(AuthTest, MissingHa1ForAlgorithmIsUnknownUser) {
    UserCredentials md5_only = test::credentials_for("carol", kRealm, "pw");
    md5_only.ha1_sha256.clear();
    users_.set("carol", kRealm, md5_only);
    DigestClient client({.username = "carol", .password = "pw"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    ASSERT_EQ(answer->algorithm, Algorithm::Sha256);
    EXPECT_EQ(server_.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome,
              Outcome::UnknownUser);
}

// RFC 7616 §3.3 stale: the digest is right but the nonce has expired: re-challenge with
// stale=true so the phone retries without asking its user.
TEST_F(AuthTest, Rfc7616_3_3_ExpiredNonceIsStale) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const Instant late = kT0 + server_.config().nonce_lifetime + Duration(1);
    const Verdict v = server_.verify(with(*answer), AuthKind::Www, kRealm, late);
    EXPECT_EQ(v.outcome, Outcome::StaleNonce);
    EXPECT_TRUE(challenge_is_stale(v.outcome));
    EXPECT_EQ(response_status(v.outcome, AuthKind::Www), 401);
}

TEST_F(AuthTest, WrongPasswordWithExpiredNonceIsNotStale) {
    DigestClient client({.username = "alice", .password = "nope"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(
        server_.verify(with(*answer), AuthKind::Www, kRealm, kT0 + std::chrono::hours(1)).outcome,
        Outcome::WrongPassword);
}

// A nonce under another key (the key was rotated) with a right digest: stale, not refused.
TEST_F(AuthTest, NonceFromAnotherKeyIsStale) {
    NonceKey other = test::fixed_key();
    other.bytes[0] ^= 1;
    DigestServer rotated(other, users_);
    message::Message r = message::Message::response(401);
    rotated.add_challenges(r, AuthKind::Www, kRealm, kT0);
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(r, "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(rotated.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    const Verdict v = server_.verify(with(*answer), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::StaleNonce);
    EXPECT_EQ(v.reason, "nonce not issued by this server");
}

// Survives a restart: a new server with the same key accepts the old nonce.
TEST_F(AuthTest, NonceSurvivesRestartWithSameKey) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    DigestServer restarted(test::fixed_key(), users_);
    EXPECT_EQ(restarted.verify(with(*answer), AuthKind::Www, kRealm, kT0 + std::chrono::minutes(1))
                  .outcome,
              Outcome::Ok);
}

// Two servers (a server's workers) sharing one table: a replay that reaches the other one
// is still a replay, and neither tracks the nonce twice.
TEST_F(AuthTest, Rfc7616_5_5_ReplayOnAnotherWorkerSharingTheTableIsReplay) {
    auto counts = std::make_shared<NonceCountTable>(DigestServerConfig{}.nonce_lifetime);
    DigestServerConfig cfg;
    cfg.shared_counts = counts;
    DigestServer first(test::fixed_key(), users_, cfg);
    DigestServer second(test::fixed_key(), users_, cfg);
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const message::Message request = with(*answer);
    EXPECT_EQ(first.verify(request, AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    EXPECT_EQ(second.verify(request, AuthKind::Www, kRealm, kT0 + Duration(10)).outcome,
              Outcome::Replay);
    EXPECT_EQ(counts->size(), 1u);
    EXPECT_EQ(second.tracked_nonces(), 1u);
    // Without the shared table, the other server has not seen the nonce: the gap this closes.
    DigestServer own(test::fixed_key(), users_);
    EXPECT_EQ(own.verify(request, AuthKind::Www, kRealm, kT0 + Duration(20)).outcome, Outcome::Ok);
}

// RFC 7616 §3.4 nc / §5.5: the same nonce-count twice is a replay (digest right, so stale=true
// lets a confused but honest client recover).
TEST_F(AuthTest, Rfc7616_5_5_ReplayedRequestIsReplay) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const message::Message request = with(*answer);
    EXPECT_EQ(server_.verify(request, AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    const Verdict again = server_.verify(request, AuthKind::Www, kRealm, kT0 + Duration(10));
    EXPECT_EQ(again.outcome, Outcome::Replay);
    EXPECT_TRUE(challenge_is_stale(again.outcome));
    EXPECT_EQ(server_.tracked_nonces(), 1u);
    // The next count on the same nonce is fine.
    auto next = client.reuse(kRealm, "REGISTER", kRegisterUri);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->nc, 2u);
    EXPECT_EQ(server_.verify(with(*next), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

// Failed attempts do not consume nonce-counts (only verified digests are recorded).
TEST_F(AuthTest, WrongPasswordDoesNotBurnTheCount) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const std::string forged =
        with_directive(answer->value, "response", "\"" + std::string(64, '0') + "\"");
    EXPECT_EQ(
        server_.verify(make_request("Authorization", forged), AuthKind::Www, kRealm, kT0).outcome,
        Outcome::WrongPassword);
    EXPECT_EQ(server_.tracked_nonces(), 0u);
    EXPECT_EQ(server_.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

// RFC 2617 §3.2.2.5 / RFC 7616 §3.4: the digest-uri must name the Request-URI (400 if not).
TEST_F(AuthTest, Rfc7616_3_4_UriMustMatchRequestUri) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", "sip:other.test");
    ASSERT_TRUE(answer.ok());
    const Verdict v = server_.verify(with(*answer), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::Malformed);
    EXPECT_EQ(v.reason, "uri does not match the Request-URI");
    EXPECT_EQ(response_status(v.outcome, AuthKind::Www), 400);
}

// RFC 3261 §19.1.4: an equivalent SIP URI (host case differs) still matches.
TEST_F(AuthTest, Rfc3261_19_1_4_EquivalentUriMatches) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", "sip:EXAMPLE.test");
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(server_.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

TEST_F(AuthTest, MalformedCredentials) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const std::string& good = answer->value;
    struct Case {
        std::string value;
        std::string_view reason;
    };
    const Case cases[] = {
        {with_directive(good, "algorithm", "MD5-sess"), "algorithm not supported"},
        {with_directive(good, "algorithm", "SHA-512-256"), "algorithm not supported"},
        {with_directive(good, "qop", "auth-int"), "qop not offered"},
        {with_directive(good, "nc", "00000000"), "nc must start at 00000001"},
        {with_directive(good, "response", "\"abcd\""),
         "response has the wrong length for the algorithm"},
        {good + ", userhash=true", "userhash was not offered"},
        {"Digest username=\"alice\", realm=\"example.test\"", "missing nonce"},
    };
    for (const Case& c : cases) {
        const Verdict v =
            server_.verify(make_request("Authorization", c.value), AuthKind::Www, kRealm, kT0);
        EXPECT_EQ(v.outcome, Outcome::Malformed) << c.value;
        EXPECT_NE(std::string(v.reason).find(c.reason), std::string::npos)
            << v.reason << " / " << c.value;
    }
}

// RFC 2069 responses (no qop): refused by default, accepted when configured.
TEST_F(AuthTest, Rfc2069ResponseWithoutQopRefusedByDefault) {
    const std::string plain_challenge =
        "Digest realm=\"example.test\", nonce=\"" +
        std::string(message::parse_challenge(server_.challenges(kRealm, kT0)[0])->nonce) +
        "\", algorithm=MD5";
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    const std::string_view values[] = {plain_challenge};
    auto answer = client.answer(values, AuthKind::Www, "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->value.find("qop"), std::string::npos);
    const Verdict refused = server_.verify(with(*answer), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(refused.outcome, Outcome::Malformed);
    EXPECT_NE(std::string(refused.reason).find("qop missing"), std::string::npos);

    DigestServerConfig cfg;
    cfg.allow_without_qop = true;
    DigestServer lenient(test::fixed_key(), users_, cfg);
    EXPECT_EQ(lenient.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    // No nonce-count, so nothing to track: the same request is accepted again.
    EXPECT_EQ(lenient.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

TEST_F(AuthTest, AlgorithmNotOfferedIsMalformed) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    ASSERT_EQ(answer->algorithm, Algorithm::Sha256);
    DigestServerConfig cfg;
    cfg.offer_sha256 = false;
    DigestServer md5_only(test::fixed_key(), users_, cfg);
    EXPECT_EQ(md5_only.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome,
              Outcome::Malformed);
}

TEST_F(AuthTest, UnparsableCredentialsAreMalformed) {
    const Verdict v = server_.verify(make_request("Authorization", "Digest username=\"alice"),
                                     AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::Malformed);
    EXPECT_FALSE(v.reason.empty());
}

// RFC 7616 §3.3 opaque: must come back unchanged; a mismatch is treated like a foreign nonce.
TEST_F(AuthTest, Rfc7616_3_3_OpaqueMustComeBack) {
    DigestServerConfig cfg;
    cfg.opaque = "server-state";
    DigestServer server(test::fixed_key(), users_, cfg);
    message::Message r = message::Message::response(401);
    server.add_challenges(r, AuthKind::Www, kRealm, kT0);
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(r, "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    EXPECT_NE(answer->value.find("opaque=\"server-state\""), std::string::npos);
    EXPECT_EQ(server.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
    auto again = client.reuse(kRealm, "REGISTER", kRegisterUri);
    ASSERT_TRUE(again);
    const std::string changed = with_directive(again->value, "opaque", "\"other\"");
    const Verdict v =
        server.verify(make_request("Authorization", changed), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::StaleNonce);
    EXPECT_EQ(v.reason, "opaque does not match");
}

// Hex digits in upper case are still the same response (RFC 7616 uses LHEX, tolerate UHEX).
TEST_F(AuthTest, UpperCaseResponseAccepted) {
    DigestClient client({.username = "alice", .password = "secret"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const std::size_t at = answer->value.find("response=\"") + 10;
    for (std::size_t i = at; i < at + 64; ++i)
        answer->value[i] = static_cast<char>(std::toupper(answer->value[i]));
    EXPECT_EQ(server_.verify(with(*answer), AuthKind::Www, kRealm, kT0).outcome, Outcome::Ok);
}

// RFC 7616 §3.4.4: username* carries a UTF-8 name as an RFC 8187 ext-value.
TEST_F(AuthTest, Rfc7616_3_4_4_ExtendedUsername) {
    const std::string name = "J\xC3\xA4s\xC3\xB8n";  // Jäsøn
    users_.set(name, kRealm, test::credentials_for(name, kRealm, "pw"));
    DigestClient client({.username = name, .password = "pw"}, test::counting_cnonces());
    auto answer = client.answer(challenge(), "REGISTER", kRegisterUri);
    ASSERT_TRUE(answer.ok());
    const std::string quoted_name = "username=\"" + name + "\"";
    std::string ext = answer->value;
    ext.replace(ext.find(quoted_name), quoted_name.size(), "username*=UTF-8''J%C3%A4s%C3%B8n");
    const Verdict v =
        server_.verify(make_request("Authorization", ext), AuthKind::Www, kRealm, kT0);
    EXPECT_EQ(v.outcome, Outcome::Ok) << v.reason;
    EXPECT_EQ(v.username, name);
    std::string bad = ext;
    bad.replace(bad.find("UTF-8"), 5, "ISO-8859-1");
    EXPECT_EQ(
        server_.verify(make_request("Authorization", bad), AuthKind::Www, kRealm, kT0).outcome,
        Outcome::Malformed);
}

// RFC 7616 §3.9.1 through the verifier: its digest is right (so not WrongPassword), but its
// nonce was not minted here, hence StaleNonce; with the wrong password it is WrongPassword.
TEST(DigestServerRfcExample, Rfc7616_3_9_1_VerifierComputesTheExampleDigest) {
    constexpr std::string_view realm = "http-auth@example.org";
    CredentialMap users;
    DigestServerConfig cfg;
    cfg.opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    DigestServer server(test::fixed_key(), users, cfg);
    const std::string common =
        "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
        "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
        "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
        "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", ";
    const std::string sha256 = common +
                               "algorithm=SHA-256, response=\"753927fa0e85d155564e2e272a28d180"
                               "2ca10daf4496794697cf8db5856cb6c1\"";
    const std::string md5 = common + "algorithm=MD5, response=\"8ca523f5e9506fed4657c9700eebdbec\"";
    for (const std::string* value : {&sha256, &md5}) {
        auto creds = message::parse_credentials(*value);
        ASSERT_TRUE(creds.ok()) << *value;
        users.set("Mufasa", realm, test::credentials_for("Mufasa", realm, "Circle of Life"));
        Verdict v = server.verify_credentials(*creds, "GET", "/dir/index.html", "", realm, kT0);
        EXPECT_EQ(v.outcome, Outcome::StaleNonce) << v.reason;
        EXPECT_EQ(v.reason, "nonce not issued by this server");
        users.set("Mufasa", realm, test::credentials_for("Mufasa", realm, "Circle Of Life"));
        v = server.verify_credentials(*creds, "GET", "/dir/index.html", "", realm, kT0);
        EXPECT_EQ(v.outcome, Outcome::WrongPassword);
    }
}

TEST(AuthOutcome, NamesAndStatuses) {
    EXPECT_EQ(outcome_name(Outcome::UnknownUser), "unknown_user");
    EXPECT_EQ(response_status(Outcome::Replay, AuthKind::Proxy), 407);
    EXPECT_EQ(response_status(Outcome::StaleNonce, AuthKind::Www), 401);
    EXPECT_EQ(response_status(Outcome::UnknownUser, AuthKind::Proxy), 403);
}

}  // namespace
}  // namespace dialtone::auth
