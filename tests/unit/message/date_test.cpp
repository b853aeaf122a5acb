#include "dialtone/sip/message/date.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<SipDate>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.17 example: "Date: Sat, 13 Nov 2010 23:29:00 GMT".
TEST(TypedDate, Rfc3261_20_17_ExampleDate) {
    auto r = parse_sip_date("Sat, 13 Nov 2010 23:29:00 GMT");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->year, 2010);
    EXPECT_EQ(r->month, 11);
    EXPECT_EQ(r->day, 13);
    EXPECT_EQ(r->hour, 23);
    EXPECT_EQ(r->minute, 29);
    EXPECT_EQ(r->second, 0);
    EXPECT_EQ(r->weekday, 6);
    EXPECT_TRUE(r->weekday_matches);
    EXPECT_EQ(r->unix_time, 1289690940);
}

TEST(TypedDate, Rfc3261_20_17_KnownInstants) {
    EXPECT_EQ(parse_sip_date("Thu, 01 Jan 1970 00:00:00 GMT")->unix_time, 0);
    EXPECT_EQ(parse_sip_date("Sun, 09 Sep 2001 01:46:40 GMT")->unix_time, 1000000000);
    EXPECT_EQ(parse_sip_date("Tue, 19 Jan 2038 03:14:08 GMT")->unix_time, 2147483648LL);
    EXPECT_EQ(parse_sip_date("Wed, 31 Dec 1969 23:59:59 GMT")->unix_time, -1);
    EXPECT_EQ(parse_sip_date("Tue, 29 Feb 2000 12:00:00 GMT")->unix_time, 951825600);
    EXPECT_EQ(parse_sip_date("Fri, 31 Dec 9999 23:59:59 GMT")->unix_time, 253402300799LL);
}

// RFC 4475 §3.1.1.1 style tolerance: folded LWS and case variations.
TEST(TypedDate, Rfc3261_25_1_LwsAndCase) {
    auto r = parse_sip_date("  sat,\r\n 13  NOV 2010\t23:29:00 gmt  ");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->unix_time, 1289690940);
}

// RFC 4475 §3.1.2.12 baddate: only GMT is allowed in a SIP-date.
TEST(TypedDate, Rfc4475_3_1_2_12_BaddateNonGmtZone) {
    auto r = parse_sip_date("Fri, 01 Jan 2010 16:00:00 EST");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(what_of(r), "Date: time zone must be GMT");
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(what_of(parse_sip_date("Fri, 01 Jan 2010 16:00:00 +0000")),
              "Date: time zone must be GMT");
    EXPECT_EQ(what_of(parse_sip_date("Fri, 01 Jan 2010 16:00:00 UTC")),
              "Date: time zone must be GMT");
}

TEST(TypedDate, Rfc3261_20_17_MalformedDates) {
    EXPECT_EQ(what_of(parse_sip_date("")), "Date: empty value");
    EXPECT_EQ(what_of(parse_sip_date("Saturday, 13 Nov 2010 23:29:00 GMT")), "Date: bad weekday");
    EXPECT_EQ(what_of(parse_sip_date("Sat 13 Nov 2010 23:29:00 GMT")),
              "Date: missing comma after weekday");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 3 Nov 2010 23:29:00 GMT")), "Date: bad day");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nove 2010 23:29:00 GMT")), "Date: bad month");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 10 23:29:00 GMT")), "Date: bad year");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 2010 24:00:00 GMT")), "Date: bad time");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 2010 23:60:00 GMT")), "Date: bad time");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 2010 23:29:60 GMT")), "Date: bad time");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 2010 23:29 GMT")), "Date: bad time");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 2010 23:29:00")), "Date: missing time zone");
    EXPECT_EQ(what_of(parse_sip_date("Sat, 13 Nov 2010 23:29:00 GMT x")),
              "Date: unexpected text after value");
    // Days are checked against the month, leap years included.
    EXPECT_EQ(what_of(parse_sip_date("Mon, 31 Apr 2010 00:00:00 GMT")), "Date: bad day");
    EXPECT_EQ(what_of(parse_sip_date("Sun, 29 Feb 2009 00:00:00 GMT")), "Date: bad day");
    EXPECT_EQ(what_of(parse_sip_date("Thu, 29 Feb 1900 00:00:00 GMT")), "Date: bad day");
    EXPECT_EQ(what_of(parse_sip_date("Sun, 00 Feb 2009 00:00:00 GMT")), "Date: bad day");
}

TEST(TypedDate, Rfc3261_20_17_WrongWeekdayIsReportedNotRefused) {
    auto r = parse_sip_date("Mon, 13 Nov 2010 23:29:00 GMT");
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->weekday_matches);
    EXPECT_EQ(r->weekday, 1);
}

TEST(TypedDate, Rfc3261_20_17_FormatWritesRfc1123) {
    EXPECT_EQ(format_sip_date(1289690940), "Sat, 13 Nov 2010 23:29:00 GMT");
    EXPECT_EQ(format_sip_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(format_sip_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
    EXPECT_EQ(format_sip_date(951825600), "Tue, 29 Feb 2000 12:00:00 GMT");
    EXPECT_EQ(format_sip_date(INT64_MAX), "Fri, 31 Dec 9999 23:59:59 GMT");
    EXPECT_EQ(format_sip_date(INT64_MIN), "Sat, 01 Jan 0000 00:00:00 GMT");
    EXPECT_EQ(format_sip_date(12345).size(), kSipDateLength);
}

// Every day over several centuries survives format -> parse unchanged.
TEST(TypedDate, Rfc3261_20_17_FormatParseRoundTrip) {
    for (std::int64_t t = -5000000000LL; t < 5000000000LL; t += 86400 * 7 + 3671) {
        const std::string s = format_sip_date(t);
        auto r = parse_sip_date(s);
        ASSERT_TRUE(r.ok()) << s << ": " << what_of(r);
        ASSERT_EQ(r->unix_time, t) << s;
        ASSERT_TRUE(r->weekday_matches) << s;
    }
}

}  // namespace
}  // namespace dialtone::message
