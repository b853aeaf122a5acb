// The registrar stage end to end in memory: RFC 3261 §10.3 steps 1-8 with digest
// authentication (RFC 7616) against the location service.

#include "server/registrar.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "dialtone/sip/auth/credential_map.hpp"
#include "dialtone/sip/auth/digest_client.hpp"
#include "dialtone/sip/auth/digest_hash.hpp"
#include "store/location_journal.hpp"

namespace dialtone::server {
namespace {

using message::HeaderId;
using message::Message;

constexpr std::int64_t kNowMs = 1'800'000'000'000;

auth::NonceKey test_key() {
    auth::NonceKey k;
    for (std::size_t i = 0; i < k.bytes.size(); ++i)
        k.bytes[i] = static_cast<std::uint8_t>(i * 13 + 5);
    return k;
}

auth::UserCredentials creds(std::string_view user, std::string_view password) {
    return {
        std::string(auth::compute_ha1(auth::Algorithm::Md5, user, "example.test", password).view()),
        std::string(
            auth::compute_ha1(auth::Algorithm::Sha256, user, "example.test", password).view())};
}

std::string register_text(const std::string& to_user, const std::string& extra, std::uint32_t cseq,
                          const std::string& ruri = "sip:example.test") {
    return "REGISTER " + ruri +
           " SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKreg" +
           std::to_string(cseq) +
           "\r\nMax-Forwards: 70\r\n"
           "From: <sip:" +
           to_user + "@example.test>;tag=f1\r\nTo: <sip:" + to_user +
           "@example.test>\r\n"
           "Call-ID: reg@192.0.2.10\r\nCSeq: " +
           std::to_string(cseq) + " REGISTER\r\n" + extra + "Content-Length: 0\r\n\r\n";
}

class RegistrarTest : public ::testing::Test {
  protected:
    RegistrarTest() : digest(test_key(), users), registrar(config(), location, &digest) {
        users.set("alice", "example.test", creds("alice", "wonderland"));
        users.set("bob", "example.test", creds("bob", "builder"));
    }

    static RegistrarConfig config() {
        RegistrarConfig c;
        c.domains = {"example.test"};
        return c;
    }

    std::shared_ptr<const Message> parse(const std::string& text) {
        auto m = Message::parse(text);
        EXPECT_TRUE(m.ok()) << text;
        return std::make_shared<const Message>(std::move(*m));
    }

    Message send(const std::string& text, std::int64_t now_ms = kNowMs) {
        std::optional<Message> answer;
        registrar.handle(parse(text), "udp:192.0.2.10:5060", now_ms, "tag1",
                         [&](Message m) { answer = std::move(m); });
        EXPECT_TRUE(answer.has_value());
        return answer ? std::move(*answer) : Message::response(500);
    }

    // REGISTER, 401, REGISTER with credentials answered by a DigestClient.
    Message register_with_password(const std::string& user, const std::string& password,
                                   const std::string& extra, std::uint32_t cseq = 1,
                                   std::int64_t now_ms = kNowMs) {
        const Message challenge = send(register_text(user, extra, cseq), now_ms);
        EXPECT_EQ(challenge.status(), 401);
        auth::DigestClient client({user, password, "", "", ""}, [] { return "cn0123"; });
        auto answer = client.answer(challenge, "REGISTER", "sip:example.test");
        EXPECT_TRUE(answer.ok());
        return send(
            register_text(user, extra + "Authorization: " + (answer ? answer->value : "") + "\r\n",
                          cseq + 1),
            now_ms);
    }

    auth::CredentialMap users;
    auth::DigestServer digest;
    store::LocationService location;
    Registrar registrar;
};

TEST_F(RegistrarTest, NoCredentialsGets401WithSha256ThenMd5Challenges_10_3_step3) {
    const Message r = send(register_text("alice", "Contact: <sip:alice@192.0.2.10>\r\n", 1));
    EXPECT_EQ(r.status(), 401);
    std::vector<std::string> challenges;
    auto cur = r.values(HeaderId::WwwAuthenticate);
    std::string_view v;
    while (cur.next(v))
        challenges.emplace_back(v);
    ASSERT_EQ(challenges.size(), 2u);
    EXPECT_NE(challenges[0].find("algorithm=SHA-256"), std::string::npos);
    EXPECT_NE(challenges[1].find("algorithm=MD5"), std::string::npos);
    EXPECT_NE(challenges[0].find("realm=\"example.test\""), std::string::npos);
    EXPECT_TRUE(location.lookup("sip:alice@example.test").empty());
}

TEST_F(RegistrarTest, RightPasswordStoresAndAnswers200WithBindingAndDate_10_3_step8) {
    const Message ok = register_with_password(
        "alice", "wonderland", "Contact: <sip:alice@192.0.2.10>\r\nExpires: 600\r\n");
    EXPECT_EQ(ok.status(), 200);
    EXPECT_NE(ok.to_string().find("Contact: <sip:alice@192.0.2.10>;expires=600\r\n"),
              std::string::npos)
        << ok.to_string();
    EXPECT_TRUE(ok.has(HeaderId::Date));
    const auto b = location.lookup("sip:alice@example.test");
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].expires_at, kNowMs / 1000 + 600);
    EXPECT_EQ(b[0].source, "udp:192.0.2.10:5060");
}

TEST_F(RegistrarTest, WrongPasswordAndUnknownUserAreBoth403AndStoreNothing_22_1) {
    const Message wrong =
        register_with_password("alice", "guess", "Contact: <sip:alice@h.test>\r\n");
    EXPECT_EQ(wrong.status(), 403);
    const Message unknown = register_with_password("mallory", "x", "Contact: <sip:m@h.test>\r\n");
    EXPECT_EQ(unknown.status(), 403);
    EXPECT_EQ(wrong.reason(), unknown.reason());  // nothing tells the two apart
    EXPECT_TRUE(location.lookup("sip:alice@example.test").empty());
    EXPECT_TRUE(location.lookup("sip:mallory@example.test").empty());
}

TEST_F(RegistrarTest, UnknownUserGetsTheSameChallengeAsAKnownOne) {
    const Message known = send(register_text("alice", "Contact: <sip:a@h.test>\r\n", 1));
    const Message unknown = send(register_text("nobody", "Contact: <sip:n@h.test>\r\n", 1));
    EXPECT_EQ(known.status(), 401);
    EXPECT_EQ(unknown.status(), 401);
    EXPECT_EQ(known.count(HeaderId::WwwAuthenticate), unknown.count(HeaderId::WwwAuthenticate));
}

TEST_F(RegistrarTest, ThirdPartyRegistrationRefusedByDefault_10_3_step4) {
    // alice authenticates but asks to bind bob's AoR.
    const Message challenge = send(register_text("bob", "Contact: <sip:x@h.test>\r\n", 1));
    auth::DigestClient client({"alice", "wonderland", "", "", ""}, [] { return "cn"; });
    auto answer = client.answer(challenge, "REGISTER", "sip:example.test");
    ASSERT_TRUE(answer.ok());
    const Message r = send(register_text(
        "bob", "Contact: <sip:x@h.test>\r\nAuthorization: " + answer->value + "\r\n", 2));
    EXPECT_EQ(r.status(), 403);
    EXPECT_TRUE(location.lookup("sip:bob@example.test").empty());
}

TEST_F(RegistrarTest, ForeignDomainIs404AndNeedsNoCredentials_10_3_step1) {
    const Message r =
        send(register_text("alice", "Contact: <sip:a@h.test>\r\n", 1, "sip:elsewhere.test"));
    EXPECT_EQ(r.status(), 404);
}

TEST_F(RegistrarTest, ExpiredNonceIsChallengedAgainWithStaleTrue_RFC7616_3_3) {
    const Message challenge = send(register_text("alice", "Contact: <sip:a@h.test>\r\n", 1));
    auth::DigestClient client({"alice", "wonderland", "", "", ""}, [] { return "cn"; });
    auto answer = client.answer(challenge, "REGISTER", "sip:example.test");
    ASSERT_TRUE(answer.ok());
    const std::int64_t later = kNowMs + 10 * 60 * 1000;  // past the 5-minute nonce lifetime
    const Message r =
        send(register_text(
                 "alice", "Contact: <sip:a@h.test>\r\nAuthorization: " + answer->value + "\r\n", 2),
             later);
    EXPECT_EQ(r.status(), 401);
    EXPECT_NE(r.to_string().find("stale=true"), std::string::npos);
}

TEST_F(RegistrarTest, ReplayedNonceCountIsRejected_RFC7616_3_4) {
    const Message challenge = send(register_text("alice", "Contact: <sip:a@h.test>\r\n", 1));
    auth::DigestClient client({"alice", "wonderland", "", "", ""}, [] { return "cn"; });
    auto answer = client.answer(challenge, "REGISTER", "sip:example.test");
    ASSERT_TRUE(answer.ok());
    const std::string text = register_text(
        "alice", "Contact: <sip:a@h.test>\r\nAuthorization: " + answer->value + "\r\n", 2);
    EXPECT_EQ(send(text).status(), 200);
    const Message again = send(text);
    EXPECT_EQ(again.status(), 401);
    EXPECT_NE(again.to_string().find("stale=true"), std::string::npos);
}

TEST_F(RegistrarTest, TooBriefExpiryIs423WithMinExpires_10_3_step7) {
    const Message r =
        register_with_password("alice", "wonderland", "Contact: <sip:a@h.test>\r\nExpires: 10\r\n");
    EXPECT_EQ(r.status(), 423);
    EXPECT_EQ(r.header(HeaderId::MinExpires), "60");
    EXPECT_TRUE(location.lookup("sip:alice@example.test").empty());
}

TEST_F(RegistrarTest, StrangerWithMalformedContactIsChallengedFirst_10_3_step3) {
    // Step 3 comes before step 5: a stranger learns nothing about the request's validity.
    const Message r = send(register_text("alice", "Contact: <sip:a@h.test>;expires=x\r\n", 1));
    EXPECT_EQ(r.status(), 401);
    // With credentials, the same request gets its 400 and changes nothing.
    const Message bad =
        register_with_password("alice", "wonderland", "Contact: <sip:a@h.test>;expires=x\r\n", 3);
    EXPECT_EQ(bad.status(), 400);
    EXPECT_TRUE(location.lookup("sip:alice@example.test").empty());
}

TEST_F(RegistrarTest, AnsweredOnlyAfterTheBindingIsDurable_DESIGN_2_7) {
    const auto db = std::filesystem::temp_directory_path() /
                    ("dialtone-registrar-" + std::to_string(getpid()) + ".db");
    std::filesystem::remove(db);
    {
        store::LocationJournal journal(db.string(), store::Durability::Full);
        store::LocationService durable(&journal);
        Registrar r(config(), durable, &digest);
        const Message challenge_req =
            *parse(register_text("bob", "Contact: <sip:b@h.test>\r\n", 1));
        std::optional<Message> challenge;
        r.handle(std::make_shared<const Message>(challenge_req), "udp:192.0.2.10:5060", kNowMs, "t",
                 [&](Message m) { challenge = std::move(m); });
        ASSERT_TRUE(challenge && challenge->status() == 401);
        auth::DigestClient client({"bob", "builder", "", "", ""}, [] { return "cn"; });
        auto answer = client.answer(*challenge, "REGISTER", "sip:example.test");
        ASSERT_TRUE(answer.ok());
        std::atomic<int> status{0};
        std::atomic<std::size_t> rows_when_answered{99};
        r.handle(
            parse(register_text(
                "bob", "Contact: <sip:b@h.test>\r\nAuthorization: " + answer->value + "\r\n", 2)),
            "udp:192.0.2.10:5060", kNowMs, "t", [&](Message m) {
                // Runs on the journal's thread, after the commit: the row is on disk.
                store::LocationJournal reader(db.string(), store::Durability::Normal);
                rows_when_answered = reader.load_all().size();
                status = m.status();
            });
        journal.flush();
        EXPECT_EQ(status.load(), 200);
        EXPECT_EQ(rows_when_answered.load(), 1u);
    }
    std::filesystem::remove(db);
}

}  // namespace
}  // namespace dialtone::server
