#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/lint.hpp"
#include "dialtone/sip/message/validate.hpp"

namespace dialtone::message {
namespace {

// A valid OPTIONS with one header replaced or added, to check one rule at a time.
std::string options_with(const std::string& extra, const std::string& drop = "") {
    std::string headers[] = {
        "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1",
        "Max-Forwards: 70",
        "To: <sip:bob@example.com>",
        "From: <sip:alice@example.com>;tag=1",
        "Call-ID: abc@host",
        "CSeq: 1 OPTIONS",
    };
    std::string out = "OPTIONS sip:bob@example.com SIP/2.0\r\n";
    for (const std::string& h : headers)
        if (drop.empty() || h.rfind(drop, 0) != 0) out += h + "\r\n";
    if (!extra.empty()) out += extra + "\r\n";
    return out + "Content-Length: 0\r\n\r\n";
}

std::optional<ParseError> check(const std::string& bytes, Role role = Role::Uas) {
    auto m = Message::parse(bytes);
    EXPECT_TRUE(m.ok()) << bytes;
    ValidationPolicy p;
    p.role = role;
    return validate_request(*m, p);
}

TEST(Validate, AcceptsAWellFormedRequest) {
    EXPECT_FALSE(check(options_with("")).has_value());
}

// §25.1: Supported = "Supported" HCOLON [option-tag *(COMMA option-tag)]: an empty one
// (baresip sends it) lists nothing and is valid; Require has no such form.
TEST(Validate, Rfc3261_25_1_EmptySupportedIsValid) {
    EXPECT_FALSE(check(options_with("Supported: ")).has_value());
    EXPECT_FALSE(check(options_with("Supported:")).has_value());
    auto bad = check(options_with("Supported: timer, bad tag"));
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(bad->status, 400);
}

TEST(Validate, Rfc3261_8_1_1_MandatoryHeadersNamed) {
    for (const char* h : {"Call-ID", "From", "To", "CSeq", "Via"}) {
        auto e = check(options_with("", std::string(h) + ":"));
        ASSERT_TRUE(e.has_value()) << h;
        EXPECT_EQ(e->status, 400);
        EXPECT_TRUE(e->malformed);
        EXPECT_NE(e->reason_phrase().find(h), std::string::npos) << e->reason_phrase();
    }
}

TEST(Validate, Rfc3261_8_1_1_5_CSeqMethodMustMatch) {
    std::string bytes = options_with("");
    bytes.replace(bytes.find("1 OPTIONS"), 9, "1 INVITE");
    auto e = check(bytes);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->status, 400);
    EXPECT_NE(e->reason_phrase().find("CSeq"), std::string::npos);
}

TEST(Validate, SingleValuedHeadersMayNotRepeat) {
    auto e = check(options_with("Call-ID: other@host"));
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->what, "more than one Call-ID header");
}

TEST(Validate, Rfc3261_8_2_2_3_RequireGets420) {
    auto e = check(options_with("Require: 100rel, foo"));
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->status, 420);
    auto m = Message::parse(options_with("Require: 100rel, foo"));
    const std::string_view supported[] = {"100rel"};
    ValidationPolicy p;
    p.supported_extensions = supported;
    EXPECT_EQ(unsupported_extensions(*m, p), (std::vector<std::string_view>{"foo"}));
    // A proxy checks Proxy-Require instead (§16.3 step 5).
    EXPECT_FALSE(check(options_with("Require: foo"), Role::Proxy).has_value());
    EXPECT_EQ(check(options_with("Proxy-Require: foo"), Role::Proxy)->status, 420);
}

TEST(Validate, Rfc3261_16_3_MaxForwardsZeroAtAProxyIs483) {
    std::string bytes = options_with("");
    bytes.replace(bytes.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
    EXPECT_FALSE(check(bytes).has_value());
    EXPECT_EQ(check(bytes, Role::Proxy)->status, 483);
}

TEST(Validate, Rfc3261_8_2_2_1_UnknownSchemeIs416) {
    std::string bytes = options_with("");
    bytes.replace(bytes.find("sip:bob@example.com SIP"), 19, "urn:x:y");
    auto e = check(bytes);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->status, 416);
    EXPECT_FALSE(e->malformed);
}

TEST(Validate, Rfc3261_10_3_StarContactOnlyAloneWithExpiresZero) {
    const std::string reg =
        "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
        "To: <sip:a@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: c\r\n"
        "CSeq: 2 REGISTER\r\nContact: *\r\n";
    EXPECT_FALSE(check(reg + "Expires: 0\r\nl: 0\r\n\r\n", Role::Registrar).has_value());
    EXPECT_EQ(check(reg + "Expires: 60\r\nl: 0\r\n\r\n", Role::Registrar)->status, 400);
    EXPECT_EQ(check(reg + "Contact: <sip:a@h>\r\nExpires: 0\r\nl: 0\r\n\r\n")->status, 400);
}

TEST(Validate, ScalarsOutOfRange) {
    EXPECT_EQ(check(options_with("Expires: 4294967296"))->status, 400);
    EXPECT_FALSE(check(options_with("Expires: 4294967295")).has_value());
    EXPECT_EQ(check(options_with("Contact: <sip:a@h>;expires=99999999999"))->status, 400);
    EXPECT_EQ(check(options_with("Contact: <sip:a@h>;q=1.5"))->status, 400);
    EXPECT_FALSE(check(options_with("Contact: <sip:a@h>;q=0.5")).has_value());
    EXPECT_EQ(check(options_with("Date: Sat, 13 Nov 2010 23:29:00 PST"))->status, 400);
}

TEST(Validate, ResponsesAreDroppedNotAnswered) {
    auto m = Message::parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nl: 0\r\n\r\n");
    ASSERT_TRUE(m.ok());
    auto e = validate_response(*m);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->status, 0);
}

TEST(Lint, VerdictLinesAndClasses) {
    EXPECT_EQ(lint_message(options_with("")).line(), "valid");
    const LintVerdict missing = lint_message(options_with("", "Call-ID:"));
    EXPECT_EQ(missing.verdict, LintClass::Invalid);
    EXPECT_EQ(missing.line(), "invalid: missing Call-ID header");
    const LintVerdict refused = lint_message(options_with("Require: foo"));
    EXPECT_EQ(refused.verdict, LintClass::Refused);
    EXPECT_EQ(refused.line(),
              "valid, but a server answers 420 Bad Extension (unsupported extension required)");
    EXPECT_EQ(lint_message("garbage").verdict, LintClass::Invalid);
}

}  // namespace
}  // namespace dialtone::message
