#include "dialtone/sip/message/timestamp.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<Timestamp>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.38: Timestamp = 1*DIGIT ["." *DIGIT] [LWS delay].
TEST(TypedTimestamp, Rfc3261_20_38_ValueAndDelay) {
    auto a = parse_timestamp("54");
    ASSERT_TRUE(a.ok()) << what_of(a);
    EXPECT_EQ(a->value, "54");
    EXPECT_FALSE(a->has_delay);

    auto b = parse_timestamp(" 54.21 \r\n 0.5 ");
    ASSERT_TRUE(b.ok()) << what_of(b);
    EXPECT_EQ(b->value, "54.21");
    EXPECT_TRUE(b->has_delay);
    EXPECT_EQ(b->delay, "0.5");

    auto c = parse_timestamp("100. .25");  // "*DIGIT" may be empty on either side
    ASSERT_TRUE(c.ok()) << what_of(c);
    EXPECT_EQ(c->value, "100.");
    EXPECT_EQ(c->delay, ".25");

    auto d = parse_timestamp("1 ");  // trailing LWS with an empty delay
    ASSERT_TRUE(d.ok()) << what_of(d);
    EXPECT_FALSE(d->has_delay);

    // Unbounded digits are kept as text, never overflowed.
    const std::string big(200, '9');
    auto e = parse_timestamp(big);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->value.size(), 200u);
}

TEST(TypedTimestamp, Rfc3261_20_38_Rejects) {
    EXPECT_EQ(what_of(parse_timestamp("")), "Timestamp: empty value");
    EXPECT_EQ(what_of(parse_timestamp(".5")), "Timestamp: bad value");
    EXPECT_EQ(what_of(parse_timestamp("5.5.5")), "Timestamp: bad value");
    EXPECT_EQ(what_of(parse_timestamp("12a")), "Timestamp: bad value");
    EXPECT_EQ(what_of(parse_timestamp("12 3 4")), "Timestamp: bad delay");
    EXPECT_EQ(what_of(parse_timestamp("12 x")), "Timestamp: bad delay");
    EXPECT_EQ(what_of(parse_timestamp("-1")), "Timestamp: bad value");
}

}  // namespace
}  // namespace dialtone::message
