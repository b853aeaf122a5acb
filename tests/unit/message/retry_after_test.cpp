#include "dialtone/sip/message/retry_after.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<RetryAfter>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.33 examples.
TEST(TypedRetryAfter, Rfc3261_20_33_Examples) {
    auto a = parse_retry_after("18000;duration=3600");
    ASSERT_TRUE(a.ok()) << what_of(a);
    EXPECT_EQ(a->seconds, 18000u);
    EXPECT_TRUE(a->has_duration);
    EXPECT_EQ(a->duration, 3600u);
    EXPECT_FALSE(a->has_comment);

    auto b = parse_retry_after("120 (I'm in a meeting)");
    ASSERT_TRUE(b.ok()) << what_of(b);
    EXPECT_EQ(b->seconds, 120u);
    EXPECT_TRUE(b->has_comment);
    EXPECT_EQ(b->comment, "I'm in a meeting");
    EXPECT_FALSE(b->has_duration);
}

TEST(TypedRetryAfter, Rfc3261_25_1_NestedCommentFoldingAndParams) {
    auto r = parse_retry_after(
        " 0042\r\n (busy (really) \\) here)\r\n ; duration = 007 ; foo ; bar=\"x;y\"");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->seconds, 42u);
    EXPECT_EQ(r->comment, "busy (really) \\) here");
    EXPECT_EQ(r->duration, 7u);
    EXPECT_EQ(r->params, "duration = 007 ; foo ; bar=\"x;y\"");
}

// RFC 4475 §3.1.2.5 scalarlg: Retry-After: 949302838503028349304023988 must be refused;
// delta-seconds fit 32 bits.
TEST(TypedRetryAfter, Rfc4475_3_1_2_5_ScalarlgHugeValue) {
    EXPECT_EQ(what_of(parse_retry_after("949302838503028349304023988")),
              "Retry-After: delta-seconds too large");
    auto max = parse_retry_after("4294967295");
    ASSERT_TRUE(max.ok());
    EXPECT_EQ(max->seconds, 4294967295u);
    EXPECT_EQ(what_of(parse_retry_after("4294967296")), "Retry-After: delta-seconds too large");
    EXPECT_EQ(what_of(parse_retry_after("1;duration=4294967296")),
              "Retry-After: duration too large");
    EXPECT_EQ(parse_retry_after("1;duration=4294967295")->duration, 4294967295u);
}

TEST(TypedRetryAfter, Rfc3261_20_33_Rejects) {
    EXPECT_EQ(what_of(parse_retry_after("")), "Retry-After: empty value");
    EXPECT_EQ(what_of(parse_retry_after("soon")), "Retry-After: bad delta-seconds");
    EXPECT_EQ(what_of(parse_retry_after("-5")), "Retry-After: bad delta-seconds");
    EXPECT_EQ(what_of(parse_retry_after("120 (unclosed")), "Retry-After: unterminated comment");
    EXPECT_EQ(what_of(parse_retry_after("120 (a (b)")), "Retry-After: unterminated comment");
    EXPECT_EQ(what_of(parse_retry_after("120 later")), "Retry-After: unexpected text after value");
    EXPECT_EQ(what_of(parse_retry_after("120;duration=abc")), "Retry-After: bad duration");
    EXPECT_EQ(what_of(parse_retry_after("120;duration=\"60\"")), "Retry-After: bad duration");
    EXPECT_EQ(what_of(parse_retry_after("120;duration")), "Retry-After: bad duration");
    EXPECT_EQ(what_of(parse_retry_after("120;;x")), "Retry-After: empty parameter");
}

}  // namespace
}  // namespace dialtone::message
