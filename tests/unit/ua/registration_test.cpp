// Client registration (RFC 3261 §10.2): request fields, digest retry (§22.2), the granted
// interval (§10.2.4), 423 (§10.2.8), refresh timing and unregistration (§10.2.2).

#include "ua/registration.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::ua {
namespace {

using message::HeaderId;
using message::Message;
using namespace std::chrono_literals;

RegistrationConfig config(bool with_password = true) {
    RegistrationConfig c;
    c.aor = "sip:alice@example.test";
    c.contact = "sip:alice@192.0.2.10:5062";
    c.registrar = "sip:example.test";
    c.expires = 600;
    if (with_password) c.credentials = auth::ClientCredentials{"alice", "secret", "", "", ""};
    c.cnonce = [] { return std::string("0a4f113b"); };
    c.call_id = "reg-1@dialtone";
    c.from_tag = "f1";
    return c;
}

Message response_to(const Message& request, int status, std::string extra = {}) {
    std::string text = "SIP/2.0 " + std::to_string(status) + " Whatever\r\n";
    text += "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK1\r\n";
    text += "From: " + std::string(request.header(HeaderId::From)) + "\r\n";
    text += "To: " + std::string(request.header(HeaderId::To)) + ";tag=r1\r\n";
    text += "Call-ID: " + std::string(request.call_id()) + "\r\n";
    text += "CSeq: " + std::string(request.header(HeaderId::CSeq)) + "\r\n";
    text += extra;
    text += "Content-Length: 0\r\n\r\n";
    auto m = Message::parse(text);
    EXPECT_TRUE(m.ok()) << text;
    return std::move(*m);
}

const char* kChallenge =
    "WWW-Authenticate: Digest realm=\"example.test\", nonce=\"abc123\", qop=\"auth\", "
    "algorithm=MD5\r\n";

TEST(Registration, RequestCarriesAorContactExpiresAndOneCallId_Rfc3261_10_2) {
    Registration r(config());
    Message first = r.refresh();
    EXPECT_EQ(first.method_text(), "REGISTER");
    EXPECT_EQ(first.request_uri_text(), "sip:example.test");
    EXPECT_EQ(first.header(HeaderId::To), "<sip:alice@example.test>");
    EXPECT_EQ(first.header(HeaderId::From), "<sip:alice@example.test>;tag=f1");
    EXPECT_EQ(first.header(HeaderId::Contact), "<sip:alice@192.0.2.10:5062>");
    EXPECT_EQ(first.header(HeaderId::Expires), "600");
    EXPECT_EQ(first.header(HeaderId::CSeq), "1 REGISTER");
    EXPECT_EQ(r.state(), RegistrationState::Registering);
    // §10.2.4: a refresh uses the same Call-ID and the next CSeq.
    Message second = r.refresh();
    EXPECT_EQ(second.call_id(), first.call_id());
    EXPECT_EQ(second.header(HeaderId::CSeq), "2 REGISTER");
}

TEST(Registration, ChallengeAnsweredOnceWithDigestAndNextCSeq_Rfc3261_22_2) {
    Registration r(config());
    Message first = r.refresh();
    RegistrationStep step = r.on_response(response_to(first, 401, kChallenge));
    ASSERT_EQ(step.kind, RegistrationStep::Kind::Send);
    ASSERT_TRUE(step.request);
    const Message& retry = *step.request;
    EXPECT_EQ(retry.header(HeaderId::CSeq), "2 REGISTER");
    EXPECT_EQ(retry.call_id(), first.call_id());
    const std::string auth(retry.header(HeaderId::Authorization));
    EXPECT_NE(auth.find("username=\"alice\""), std::string::npos) << auth;
    EXPECT_NE(auth.find("nonce=\"abc123\""), std::string::npos) << auth;
    EXPECT_NE(auth.find("uri=\"sip:example.test\""), std::string::npos) << auth;
    // The same challenge again: the credentials were refused; do not loop.
    step = r.on_response(response_to(retry, 401, kChallenge));
    ASSERT_EQ(step.kind, RegistrationStep::Kind::Send);
    step = r.on_response(response_to(*step.request, 401, kChallenge));
    EXPECT_EQ(step.kind, RegistrationStep::Kind::Failed);
    EXPECT_EQ(step.status, 401);
    EXPECT_EQ(r.state(), RegistrationState::Failed);
}

TEST(Registration, ChallengeWithoutCredentialsFails_Rfc3261_22_2) {
    Registration r(config(false));
    Message first = r.refresh();
    RegistrationStep step = r.on_response(response_to(first, 401, kChallenge));
    EXPECT_EQ(step.kind, RegistrationStep::Kind::Failed);
    EXPECT_EQ(step.wait, config().retry_after);
}

TEST(Registration, GrantedIntervalFromOurContactsExpiresParam_Rfc3261_10_2_4) {
    Registration r(config());
    Message first = r.refresh();
    // Another binding of the AoR first, with a longer interval; ours says 120; Expires
    // (for contacts without a parameter) says 3600.
    RegistrationStep step =
        r.on_response(response_to(first, 200,
                                  "Contact: <sip:alice@198.51.100.4>;expires=3000, "
                                  "<sip:alice@192.0.2.10:5062>;expires=120\r\nExpires: 3600\r\n"));
    ASSERT_EQ(step.kind, RegistrationStep::Kind::Registered);
    EXPECT_EQ(step.granted, 120u);
    EXPECT_EQ(r.granted(), 120u);
    EXPECT_EQ(r.state(), RegistrationState::Registered);
    EXPECT_EQ(step.wait, refresh_delay(120));
}

TEST(Registration, GrantedIntervalFromExpiresHeaderElseRequested_Rfc3261_10_2_4) {
    Registration a(config());
    RegistrationStep step = a.on_response(response_to(a.refresh(), 200, "Expires: 300\r\n"));
    EXPECT_EQ(step.granted, 300u);
    Registration b(config());
    step = b.on_response(response_to(b.refresh(), 200));
    EXPECT_EQ(step.granted, 600u);
}

TEST(Registration, IntervalTooBriefRetriedWithMinExpires_Rfc3261_10_2_8) {
    Registration r(config());
    RegistrationStep step = r.on_response(response_to(r.refresh(), 423, "Min-Expires: 1800\r\n"));
    ASSERT_EQ(step.kind, RegistrationStep::Kind::Send);
    EXPECT_EQ(step.request->header(HeaderId::Expires), "1800");
    // A second 423 for the corrected request is a failure, not a loop.
    step = r.on_response(response_to(*step.request, 423, "Min-Expires: 3600\r\n"));
    EXPECT_EQ(step.kind, RegistrationStep::Kind::Failed);
}

TEST(Registration, RefreshReusesTheChallengeWithNextNonceCount_Rfc7616_3_4) {
    Registration r(config());
    Message first = r.refresh();
    RegistrationStep step = r.on_response(response_to(first, 401, kChallenge));
    ASSERT_TRUE(step.request);
    EXPECT_NE(std::string(step.request->header(HeaderId::Authorization)).find("nc=00000001"),
              std::string::npos);
    r.on_response(response_to(*step.request, 200));
    Message refresh = r.refresh();
    const std::string auth(refresh.header(HeaderId::Authorization));
    EXPECT_NE(auth.find("nc=00000002"), std::string::npos) << auth;
}

TEST(Registration, UnregisterSendsExpiresZero_Rfc3261_10_2_2) {
    Registration r(config());
    r.on_response(response_to(r.refresh(), 200));
    Message un = r.unregister();
    EXPECT_EQ(un.header(HeaderId::Expires), "0");
    EXPECT_EQ(un.header(HeaderId::Contact), "<sip:alice@192.0.2.10:5062>");
    EXPECT_EQ(r.state(), RegistrationState::Unregistering);
    RegistrationStep step = r.on_response(response_to(un, 401, kChallenge));
    ASSERT_EQ(step.kind, RegistrationStep::Kind::Send);
    EXPECT_EQ(step.request->header(HeaderId::Expires), "0");
    step = r.on_response(response_to(*step.request, 200));
    EXPECT_EQ(step.kind, RegistrationStep::Kind::Unregistered);
    EXPECT_EQ(r.state(), RegistrationState::Unregistered);
}

TEST(Registration, FailedRefreshSaysWhenToRetry_Rfc3261_10_2_4) {
    Registration r(config());
    RegistrationStep step = r.on_response(response_to(r.refresh(), 503));
    EXPECT_EQ(step.kind, RegistrationStep::Kind::Failed);
    EXPECT_EQ(step.status, 503);
    EXPECT_EQ(step.wait, 30s);
}

// §10.2.4 leaves the refresh time to the UA; ours: 90% of the interval, but at least one
// non-INVITE transaction time (64*T1 = 32 s) before expiry, never before half of it.
TEST(RegistrationRefresh, BeforeExpiryByAtLeastATransactionTime_Rfc3261_10_2_4) {
    EXPECT_EQ(refresh_delay(3600), 3240s);  // 90%: 360 s before expiry
    EXPECT_EQ(refresh_delay(300), 268s);    // 90% would be 30 s before: 32 s instead
    EXPECT_EQ(refresh_delay(60), 30s);      // half
    EXPECT_EQ(refresh_delay(10), 5s);
    EXPECT_EQ(refresh_delay(1), 1s);  // at least 1 s
    for (std::uint32_t e : {2u, 30u, 65u, 100u, 600u, 7200u}) {
        EXPECT_LT(refresh_delay(e), std::chrono::seconds(e)) << e;
        EXPECT_GE(refresh_delay(e), std::chrono::milliseconds(e * 500)) << e;
    }
}

}  // namespace
}  // namespace dialtone::ua
