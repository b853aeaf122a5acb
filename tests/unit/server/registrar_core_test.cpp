// Registrar core: reading a REGISTER, RFC 3261 §10.3 steps 5-8, RFC 3327 Path, RFC 5626 keys.

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "server/binding_update.hpp"
#include "server/register_request.hpp"
#include "server/register_response.hpp"

namespace dialtone::server {
namespace {

using message::HeaderId;
using message::Message;
using store::Binding;

constexpr std::int64_t kNow = 1'800'000'000;

// A REGISTER for alice with the given extra header lines (each ending in CRLF).
Message register_with(const std::string& extra, std::uint32_t cseq = 1,
                      const std::string& call_id = "reg-1@pc") {
    const std::string text =
        "REGISTER sip:example.test SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKr" +
        std::to_string(cseq) +
        "\r\n"
        "Max-Forwards: 70\r\n"
        "To: Alice <sip:alice@Example.TEST>\r\n"
        "From: Alice <sip:alice@example.test>;tag=a1\r\n"
        "Call-ID: " +
        call_id + "\r\nCSeq: " + std::to_string(cseq) + " REGISTER\r\n" + extra +
        "Content-Length: 0\r\n\r\n";
    auto m = Message::parse(text);
    EXPECT_TRUE(m.ok()) << text;
    return std::move(*m);
}

RegisterRequest read_ok(const Message& m) {
    auto r = read_register(m);
    EXPECT_TRUE(std::holds_alternative<RegisterRequest>(r)) << std::get<RegisterRefusal>(r).reason;
    return std::get<RegisterRequest>(std::move(r));
}

int refusal_status(const Message& m) {
    auto r = read_register(m);
    return std::holds_alternative<RegisterRefusal>(r) ? std::get<RegisterRefusal>(r).status : 0;
}

// Applies a REGISTER to `bindings` with the default policy.
BindingUpdate register_into(const Message& m, std::vector<Binding>& bindings,
                            const RegistrarPolicy& policy = {}, std::int64_t now = kNow) {
    return apply_register(read_ok(m), bindings, now, policy, "udp:192.0.2.10:5060");
}

TEST(ReadRegister, AorIsToUriWithLowerCaseHostAndNoParams_10_3_step5) {
    const auto r = read_ok(register_with("Contact: <sip:alice@192.0.2.10>\r\n"));
    EXPECT_EQ(r.aor, "sip:alice@example.test");
    EXPECT_EQ(r.aor_user, "alice");
    EXPECT_EQ(r.aor_domain, "example.test");
    ASSERT_EQ(r.contacts.size(), 1u);
    EXPECT_EQ(r.contacts[0].uri, "sip:alice@192.0.2.10");
    EXPECT_EQ(r.call_id, "reg-1@pc");
    EXPECT_EQ(r.cseq, 1u);
}

TEST(ReadRegister, ContactParamsExpiresQInstanceRegId) {
    const auto r = read_ok(register_with(
        "Contact: <sip:a@192.0.2.1>;expires=120;q=0.7;+sip.instance=\"<urn:uuid:1>\";reg-id=2, "
        "<sip:a@192.0.2.2>;q=1.0\r\nExpires: 300\r\n"));
    ASSERT_EQ(r.contacts.size(), 2u);
    EXPECT_EQ(r.contacts[0].expires, 120u);
    EXPECT_EQ(r.contacts[0].q, 700);
    EXPECT_EQ(r.contacts[0].instance, "\"<urn:uuid:1>\"");
    EXPECT_EQ(r.contacts[0].reg_id, 2u);
    EXPECT_FALSE(r.contacts[1].expires.has_value());
    EXPECT_EQ(r.contacts[1].q, 1000);
    EXPECT_EQ(r.expires_header, 300u);
}

TEST(ReadRegister, MalformedContactExpiresOrQGet400) {
    EXPECT_EQ(refusal_status(register_with("Contact: <sip:a@h>;expires=soon\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: <sip:a@h>;q=1.5\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: <sip:a@h>;q=0.1234\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: <sip:a@h\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: <sip:a@h>\r\nExpires: -1\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: <sip:a@h>;reg-id=0\r\n")), 400);
}

TEST(ReadRegister, StarOnlyAloneAndWithExpiresZero_10_3_step6) {
    EXPECT_EQ(refusal_status(register_with("Contact: *\r\nExpires: 0\r\n")), 0);
    EXPECT_EQ(refusal_status(register_with("Contact: *\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: *\r\nExpires: 10\r\n")), 400);
    EXPECT_EQ(refusal_status(register_with("Contact: *, <sip:a@h>\r\nExpires: 0\r\n")), 400);
}

TEST(ReadRegister, ToWithoutUserIsNotAnAor) {
    auto m = Message::parse(
        "REGISTER sip:example.test SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        "To: <sip:example.test>\r\nFrom: <sip:example.test>;tag=1\r\nCall-ID: c\r\n"
        "CSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n");
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(refusal_status(*m), 404);
}

TEST(ReadRegister, PathValuesJoinedInOrder_RFC3327) {
    const auto r =
        read_ok(register_with("Path: <sip:p1.example.test;lr>\r\nPath: <sip:p2.example.test;lr>\r\n"
                              "Contact: <sip:a@h>\r\n"));
    EXPECT_EQ(r.path, "<sip:p1.example.test;lr>,<sip:p2.example.test;lr>");
}

TEST(ApplyRegister, NewContactGetsDefaultExpiry_10_2_1_1) {
    std::vector<Binding> b;
    const auto u = register_into(register_with("Contact: <sip:alice@192.0.2.10>\r\n"), b);
    EXPECT_EQ(u.status, 200);
    EXPECT_TRUE(u.changed);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].expires_at, kNow + 3600);
    EXPECT_EQ(b[0].call_id, "reg-1@pc");
    EXPECT_EQ(b[0].source, "udp:192.0.2.10:5060");
}

TEST(ApplyRegister, ContactExpiresBeatsExpiresHeader_10_2_1_1) {
    std::vector<Binding> b;
    register_into(
        register_with("Contact: <sip:a@h1.test>;expires=120, <sip:a@h2.test>\r\nExpires: 600\r\n"),
        b);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].expires_at, kNow + 120);
    EXPECT_EQ(b[1].expires_at, kNow + 600);
}

TEST(ApplyRegister, LongExpiryIsShortenedToTheMaximum) {
    std::vector<Binding> b;
    RegistrarPolicy p;
    p.max_expires = 1800;
    register_into(register_with("Contact: <sip:a@h1.test>\r\nExpires: 999999\r\n"), b, p);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].expires_at, kNow + 1800);
}

TEST(ApplyRegister, TooBriefIs423AndChangesNothing_10_3_step7) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>\r\n"), b);
    const auto before = b;
    const auto u = register_into(
        register_with("Contact: <sip:a@h1.test>, <sip:a@h2.test>;expires=30\r\n", 2), b);
    EXPECT_EQ(u.status, 423);
    EXPECT_FALSE(u.changed);
    EXPECT_EQ(b, before);
}

TEST(ApplyRegister, ExpiresZeroRemovesTheBinding_10_2_2) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>, <sip:a@h2.test>\r\n"), b);
    const auto u = register_into(register_with("Contact: <sip:a@h1.test>\r\nExpires: 0\r\n", 2), b);
    EXPECT_EQ(u.status, 200);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].contact, "sip:a@h2.test");
}

TEST(ApplyRegister, StarRemovesEveryBinding_10_3_step6) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>, <sip:a@h2.test>\r\n"), b);
    register_into(register_with("Contact: <sip:a@h3.test>\r\n", 1, "other-ua"), b);
    ASSERT_EQ(b.size(), 3u);
    const auto u = register_into(register_with("Contact: *\r\nExpires: 0\r\n", 2), b);
    EXPECT_EQ(u.status, 200);
    EXPECT_TRUE(b.empty());
}

TEST(ApplyRegister, StarWithStaleCSeqFromSameCallIdFails_10_3_step6) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>\r\n", 5), b);
    const auto u = register_into(register_with("Contact: *\r\nExpires: 0\r\n", 5), b);
    EXPECT_EQ(u.status, 400);
    EXPECT_EQ(b.size(), 1u);
}

TEST(ApplyRegister, RefreshNeedsHigherCSeqFromSameCallId_10_3_step7) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>\r\nExpires: 100\r\n", 7), b);
    // A retransmitted or reordered older request must not undo the newer state.
    auto u = register_into(register_with("Contact: <sip:a@h1.test>\r\nExpires: 0\r\n", 6), b);
    EXPECT_EQ(u.status, 400);
    ASSERT_EQ(b.size(), 1u);
    u = register_into(register_with("Contact: <sip:a@h1.test>\r\nExpires: 900\r\n", 8), b, {},
                      kNow + 50);
    EXPECT_EQ(u.status, 200);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].expires_at, kNow + 50 + 900);
    EXPECT_EQ(b[0].cseq, 8u);
}

TEST(ApplyRegister, AnotherCallIdReplacesTheSameContact_10_3_step7) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>\r\n", 9, "old-boot"), b);
    const auto u = register_into(register_with("Contact: <sip:a@h1.test>\r\n", 1, "new-boot"), b);
    EXPECT_EQ(u.status, 200);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].call_id, "new-boot");
}

TEST(ApplyRegister, ContactsCompareByUriEquality_19_1_4) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@HOST.example;transport=udp>\r\n", 1), b);
    register_into(register_with("Contact: <sip:a@host.EXAMPLE;transport=UDP>\r\nExpires: 0\r\n", 2),
                  b);
    EXPECT_TRUE(b.empty());
}

TEST(ApplyRegister, InstanceAndRegIdIdentifyTheBinding_RFC5626_6) {
    std::vector<Binding> b;
    register_into(
        register_with(
            "Contact: <sip:a@192.0.2.1:5060>;+sip.instance=\"<urn:uuid:x>\";reg-id=1\r\n"),
        b);
    register_into(
        register_with("Contact: <sip:a@192.0.2.1:6000>;+sip.instance=\"<urn:uuid:x>\";reg-id=1\r\n",
                      1, "second-flow"),
        b);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].contact, "sip:a@192.0.2.1:6000");
}

TEST(ApplyRegister, QueryWithoutContactChangesNothing_10_2_3) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>\r\n"), b);
    const auto u = register_into(register_with("", 2), b);
    EXPECT_EQ(u.status, 200);
    EXPECT_FALSE(u.changed);
    EXPECT_EQ(b.size(), 1u);
}

TEST(ApplyRegister, ExpiredBindingsAreDropped) {
    std::vector<Binding> b;
    register_into(register_with("Contact: <sip:a@h1.test>\r\nExpires: 60\r\n"), b);
    const auto u = register_into(register_with("", 2), b, {}, kNow + 61);
    EXPECT_TRUE(u.changed);
    EXPECT_TRUE(b.empty());
}

TEST(ApplyRegister, MaxContactsRefusesGrowthWith403) {
    RegistrarPolicy p;
    p.max_contacts = 2;
    std::vector<Binding> b;
    EXPECT_EQ(
        register_into(register_with("Contact: <sip:a@h1.test>, <sip:a@h2.test>\r\n"), b, p).status,
        200);
    EXPECT_EQ(register_into(register_with("Contact: <sip:a@h3.test>\r\n", 2), b, p).status, 403);
    EXPECT_EQ(b.size(), 2u);
}

TEST(RegisterResponse, OkListsBindingsWithRemainingExpiresQAndDate_10_3_step8) {
    std::vector<Binding> b;
    const Message req = register_with(
        "Contact: <sip:a@h1.test>;q=0.5;expires=100, <sip:a@h2.test>;q=0.05\r\nPath: "
        "<sip:edge;lr>\r\n");
    register_into(req, b);
    const Message ok = make_register_ok(req, b, kNow + 40, "totag");
    const std::string text = ok.to_string();
    EXPECT_EQ(ok.status(), 200);
    EXPECT_NE(text.find("Contact: <sip:a@h1.test>;expires=60;q=0.5\r\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("Contact: <sip:a@h2.test>;expires=3560;q=0.05\r\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("Path: <sip:edge;lr>\r\n"), std::string::npos) << text;
    EXPECT_EQ(ok.header(HeaderId::Date), "Fri, 15 Jan 2027 08:00:40 GMT");
    EXPECT_NE(ok.to()->tag.find("totag"), std::string_view::npos);
    // The result parses back as a valid response.
    EXPECT_TRUE(Message::parse(text).ok());
}

TEST(RegisterResponse, IntervalTooBriefCarriesMinExpires_10_3_step7) {
    RegistrarPolicy p;
    p.min_expires = 120;
    const Message req = register_with("Contact: <sip:a@h1.test>;expires=30\r\n");
    const Message r = make_register_refusal(req, 423, "Interval Too Brief", p, "t");
    EXPECT_EQ(r.status(), 423);
    EXPECT_EQ(r.header(HeaderId::MinExpires), "120");
}

}  // namespace
}  // namespace dialtone::server
