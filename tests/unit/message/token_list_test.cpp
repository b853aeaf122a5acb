#include "dialtone/sip/message/token_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dialtone::message {
namespace {

std::string what_of(const Result<TokenList>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

std::vector<std::string> tokens(std::string_view value, HeaderId h) {
    std::vector<std::string> out;
    TokenListCursor cur(value, h);
    std::string_view t;
    while (cur.next(t))
        out.emplace_back(t);
    return out;
}

// RFC 3261 §20.32 Require: option-tag *(COMMA option-tag).
TEST(TypedTokenList, Rfc3261_20_32_RequireList) {
    auto r = parse_token_list("100rel, timer", HeaderId::Require);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 2u);
    EXPECT_TRUE(r->contains("timer"));
    EXPECT_FALSE(r->contains("replaces"));
    EXPECT_EQ(tokens("100rel, timer", HeaderId::Require),
              (std::vector<std::string>{"100rel", "timer"}));
}

// RFC 4475 §3.3.5 bext01: a Require listing unknown tags still parses.
TEST(TypedTokenList, Rfc4475_3_3_5_Bext01UnknownTagsParse) {
    auto r = parse_token_list("nothingSupportsThis, nothingSupportsThisEither", HeaderId::Require);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 2u);
    EXPECT_TRUE(r->contains("NOTHINGSUPPORTSTHIS"));  // §7.3.1: tokens case-insensitive
}

// RFC 3261 §25.1 / RFC 4475 §3.1.1.1: LWS, folding included, around the commas.
TEST(TypedTokenList, Rfc4475_3_1_1_1_FoldedListWithOddSpacing) {
    auto r = parse_token_list("  replaces ,\r\n\t100rel\r\n ,timer  ", HeaderId::Supported);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 3u);
    EXPECT_EQ(tokens(r->text, HeaderId::Supported),
              (std::vector<std::string>{"replaces", "100rel", "timer"}));
}

// RFC 3261 §20.37, §20.5: Supported and Allow may be empty; Require may not (§20.32).
TEST(TypedTokenList, Rfc3261_20_37_EmptyOnlyWhereTheGrammarAllows) {
    auto s = parse_token_list("", HeaderId::Supported);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->count, 0u);
    EXPECT_TRUE(parse_token_list("  ", HeaderId::Allow).ok());
    EXPECT_EQ(what_of(parse_token_list("", HeaderId::Require)), "Require: empty value");
    EXPECT_EQ(what_of(parse_token_list(" ", HeaderId::Unsupported)), "Unsupported: empty value");
    EXPECT_EQ(what_of(parse_token_list("", HeaderId::ProxyRequire)), "Proxy-Require: empty value");
}

TEST(TypedTokenList, Rfc3261_25_1_NonTokenElementIsAnError) {
    EXPECT_EQ(what_of(parse_token_list("100rel, two words", HeaderId::Require)),
              "Require: element is not a token");
    EXPECT_EQ(what_of(parse_token_list("a,,b", HeaderId::Supported)), "Supported: empty element");
    EXPECT_EQ(what_of(parse_token_list("a,", HeaderId::ProxyRequire)),
              "Proxy-Require: empty element");
    EXPECT_EQ(what_of(parse_token_list("INVITE, \"BYE\"", HeaderId::Allow)),
              "Allow: element is not a token");
    auto r = parse_token_list("gzip;q=1", HeaderId::ContentEncoding);
    EXPECT_EQ(what_of(r), "Content-Encoding: element is not a token");
    EXPECT_EQ(r.error().status, 400);
    EXPECT_TRUE(r.error().malformed);
}

TEST(TypedTokenList, CursorStopsAtTheBadElement) {
    TokenListCursor cur("a, b c, d", HeaderId::Unsupported);
    std::string_view t;
    ASSERT_TRUE(cur.next(t));
    EXPECT_EQ(t, "a");
    EXPECT_FALSE(cur.next(t));
    ASSERT_TRUE(cur.failed());
    EXPECT_EQ(cur.error().what, "Unsupported: element is not a token");
    EXPECT_FALSE(cur.next(t));  // stays stopped
}

// RFC 6665 §8.2.2: Allow-Events elements are event-types (dots separate parts).
TEST(TypedTokenList, Rfc6665_8_2_2_AllowEventsEventTypes) {
    auto r = parse_token_list("presence, presence.winfo, dialog", HeaderId::AllowEvents);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 3u);
    EXPECT_EQ(what_of(parse_token_list("presence..winfo", HeaderId::AllowEvents)),
              "Allow-Events: element is not a token");
    EXPECT_EQ(what_of(parse_token_list("", HeaderId::AllowEvents)), "Allow-Events: empty value");
}

// RFC 3261 §7.1: methods are case-sensitive; §7.3.1: other tokens are not.
TEST(TypedTokenList, Rfc3261_7_1_MethodsCompareCaseSensitively) {
    EXPECT_TRUE(contains_token("INVITE, ACK,BYE", "BYE", true));
    EXPECT_FALSE(contains_token("INVITE, ACK,BYE", "bye", true));
    EXPECT_TRUE(contains_token("INVITE, ACK,BYE", "bye"));
    EXPECT_FALSE(contains_token("INVITE, ACK", "AC"));
    EXPECT_FALSE(contains_token("", "x"));
    EXPECT_FALSE(contains_token("a b, c", "a b"));  // a non-token element never matches
}

}  // namespace
}  // namespace dialtone::message
