#include "dialtone/sip/message/warning.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/quoted_string.hpp"

namespace dialtone::message {
namespace {

std::string what_of(const Result<Warning>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.43 examples.
TEST(TypedWarning, Rfc3261_20_43_Examples) {
    WarningCursor cur(
        "307 isi.edu \"Session parameter 'foo' not understood\",\r\n"
        " 301 isi.edu \"Incompatible network address type 'E.164'\"");
    Warning w;
    ASSERT_TRUE(cur.next(w));
    EXPECT_EQ(w.code, 307);
    EXPECT_EQ(w.agent, "isi.edu");
    EXPECT_EQ(w.text, "Session parameter 'foo' not understood");
    ASSERT_TRUE(cur.next(w));
    EXPECT_EQ(w.code, 301);
    EXPECT_EQ(w.text, "Incompatible network address type 'E.164'");
    EXPECT_FALSE(cur.next(w));
    EXPECT_FALSE(cur.failed());
}

TEST(TypedWarning, Rfc3261_20_43_AgentsAndEscapes) {
    auto a = parse_warning("399 [2001:db8::1]:5060 \"a, \\\"b\\\"\"");
    ASSERT_TRUE(a.ok()) << what_of(a);
    EXPECT_EQ(a->agent, "[2001:db8::1]:5060");
    EXPECT_EQ(unescape_quoted(a->text), "a, \"b\"");
    auto b = parse_warning("  370\r\n 192.0.2.1:5060\t\"\"  ");
    ASSERT_TRUE(b.ok()) << what_of(b);
    EXPECT_EQ(b->agent, "192.0.2.1:5060");
    EXPECT_TRUE(b->text.empty());
    auto c = parse_warning("000 pseudonym~1 \"x\"");
    ASSERT_TRUE(c.ok()) << what_of(c);
    EXPECT_EQ(c->code, 0);
}

// RFC 4475 §3.1.2.5 scalarlg: "Warning: 1812 overture ..." has a 4-digit warn-code.
TEST(TypedWarning, Rfc4475_3_1_2_5_ScalarlgFourDigitCode) {
    auto r = parse_warning("1812 overture \"In Progress\"");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(what_of(r), "Warning: warn-code must be three digits");
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(what_of(parse_warning("99 overture \"x\"")),
              "Warning: warn-code must be three digits");
}

TEST(TypedWarning, Rfc3261_20_43_Rejects) {
    EXPECT_EQ(what_of(parse_warning("")), "Warning: empty value");
    EXPECT_EQ(what_of(parse_warning("399\"x\"")), "Warning: warn-code must be three digits");
    EXPECT_EQ(what_of(parse_warning("399 host")), "Warning: missing warn-text");
    EXPECT_EQ(what_of(parse_warning("399 host text")),
              "Warning: warn-text must be a quoted string");
    EXPECT_EQ(what_of(parse_warning("399 host \"open")), "Warning: unterminated warn-text");
    EXPECT_EQ(what_of(parse_warning("399 \"x\"")), "Warning: bad warn-agent");
    EXPECT_EQ(what_of(parse_warning("399 [::1 \"x\"")), "Warning: bad warn-agent");
    EXPECT_EQ(what_of(parse_warning("399 host: \"x\"")), "Warning: bad warn-agent");
    EXPECT_EQ(what_of(parse_warning("399 ho/st \"x\"")), "Warning: bad warn-agent");
    EXPECT_EQ(what_of(parse_warning("399 host \"x\" y")), "Warning: unexpected text after value");

    WarningCursor empty_elem("399 h \"x\",");
    auto n = empty_elem.validate();
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().what, "Warning: empty value");
    WarningCursor two("399 h \"x\", 300 h \"y\"");
    auto m = two.validate();
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(*m, 2u);
}

}  // namespace
}  // namespace dialtone::message
