#include "dialtone/sip/message/expires.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<std::uint32_t>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.19: delta-seconds; RFC 4475 §3.1.1.1 wsinv shows leading zeros are legal.
TEST(TypedExpires, Rfc3261_20_19_DeltaSecondsWithLeadingZeros) {
    EXPECT_EQ(*parse_expires("3600"), 3600u);
    EXPECT_EQ(*parse_expires("  0000000000000000000000000000000000000060 \r\n "), 60u);
    EXPECT_EQ(*parse_expires("0"), 0u);
    EXPECT_EQ(*parse_expires("4294967295"), 4294967295u);
}

// RFC 4475 §3.1.2.4 scalar02: a 100-digit Expires must be refused; 2^32 is too large.
TEST(TypedExpires, Rfc4475_3_1_2_4_Scalar02HugeExpires) {
    const std::string hundred_digits = "1" + std::string(99, '0');
    auto r = parse_expires(hundred_digits);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(what_of(r), "Expires: delta-seconds too large");
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(what_of(parse_expires("4294967296")), "Expires: delta-seconds too large");
    EXPECT_EQ(what_of(parse_expires("4294967296", HeaderId::MinExpires)),
              "Min-Expires: delta-seconds too large");
}

TEST(TypedExpires, Rfc3261_20_19_Rejects) {
    EXPECT_EQ(what_of(parse_expires("")), "Expires: empty value");
    EXPECT_EQ(what_of(parse_expires("-1")), "Expires: bad delta-seconds");
    EXPECT_EQ(what_of(parse_expires("36 00")), "Expires: bad delta-seconds");
    EXPECT_EQ(what_of(parse_expires("3600;x=1")), "Expires: bad delta-seconds");
    // RFC 2543 allowed a SIP-date here; RFC 3261 does not.
    EXPECT_EQ(what_of(parse_expires("Sat, 13 Nov 2010 23:29:00 GMT")),
              "Expires: bad delta-seconds");
    EXPECT_EQ(what_of(parse_expires("x", HeaderId::MinExpires)), "Min-Expires: bad delta-seconds");
}

// RFC 4028 §5: Min-SE = delta-seconds *(SEMI generic-param).
TEST(TypedExpires, Rfc4028_5_MinSeTakesParams) {
    EXPECT_EQ(*parse_expires("90 ; foo=bar", HeaderId::MinSE), 90u);
    EXPECT_EQ(what_of(parse_expires("", HeaderId::MinSE)), "Min-SE: empty value");
    EXPECT_EQ(what_of(parse_expires("90 x", HeaderId::MinSE)),
              "Min-SE: unexpected text after value");
    EXPECT_EQ(what_of(parse_expires("90;", HeaderId::MinSE)), "Min-SE: empty parameter");
}

}  // namespace
}  // namespace dialtone::message
