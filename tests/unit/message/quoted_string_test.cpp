#include "dialtone/sip/message/quoted_string.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

// RFC 3261 §25.1: quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE.
TEST(TypedQuotedString, Rfc3261_25_1_LengthIncludesBothQuotes) {
    EXPECT_EQ(quoted_string_length("\"abc\" rest"), 5u);
    EXPECT_EQ(quoted_string_length("\"\""), 2u);
    EXPECT_EQ(quoted_string_length("\"a\\\"b\"x"), 6u);  // escaped quote does not close
    EXPECT_EQ(quoted_string_length("\"a\\\\\"x"), 5u);   // escaped backslash, then close
    EXPECT_EQ(quoted_string_length("\"folded\r\n text\""), 15u);
    EXPECT_EQ(quoted_string_length("\"\xD0\xBF\""), 4u);  // UTF8-NONASCII is qdtext
}

TEST(TypedQuotedString, Rfc3261_25_1_RejectsUnclosedAndForbidden) {
    EXPECT_EQ(quoted_string_length(""), 0u);
    EXPECT_EQ(quoted_string_length("abc"), 0u);
    EXPECT_EQ(quoted_string_length("\"abc"), 0u);
    EXPECT_EQ(quoted_string_length("\"abc\\\""), 0u);                   // the only quote is escaped
    EXPECT_EQ(quoted_string_length("\"ab\\"), 0u);                      // backslash at the very end
    EXPECT_EQ(quoted_string_length(std::string("\"a\x01z\"", 5)), 0u);  // bare control
    EXPECT_EQ(quoted_string_length("\"a\\\nb\""), 0u);  // quoted-pair may not hold LF
}

TEST(TypedQuotedString, Rfc3261_25_1_QuotedPairAllowsNul) {
    // RFC 4475 §3.1.1.2 intmeth escapes a NUL inside a quoted display name.
    const std::string s("\"NUL:\\\0x\"", 9);
    EXPECT_EQ(quoted_string_length(s), 9u);
}

TEST(TypedQuotedString, UnescapeAndQuoteRoundTrip) {
    EXPECT_FALSE(has_escapes("plain"));
    EXPECT_TRUE(has_escapes("a\\\"b"));
    EXPECT_EQ(unescape_quoted("a\\\"b\\\\c"), "a\"b\\c");
    EXPECT_EQ(unescape_quoted("tail\\"), "tail\\");
    const std::string raw = "say \"hi\" \\ bye";
    const std::string q = quote_string(raw);
    EXPECT_EQ(q, "\"say \\\"hi\\\" \\\\ bye\"");
    ASSERT_EQ(quoted_string_length(q), q.size());
    EXPECT_EQ(unescape_quoted(std::string_view(q).substr(1, q.size() - 2)), raw);
}

TEST(TypedQuotedString, QuoteNeverWritesALineEnd) {
    const std::string q = quote_string("a\r\nInjected: yes");
    EXPECT_EQ(q.find('\r'), std::string::npos);
    EXPECT_EQ(q.find('\n'), std::string::npos);
    EXPECT_EQ(quoted_string_length(q), q.size());
}

}  // namespace
}  // namespace dialtone::message
