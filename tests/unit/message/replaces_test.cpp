#include "dialtone/sip/message/replaces.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/uri.hpp"

namespace dialtone::message {
namespace {

std::string what_of(const Result<Replaces>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3891 §6.1 example.
TEST(TypedReplaces, Rfc3891_6_1_Example) {
    auto r = parse_replaces(
        "98732@sip.example.com\r\n          ;from-tag=r33th4x0r\r\n"
        "          ;to-tag=ff87ff");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->call_id, "98732@sip.example.com");
    EXPECT_EQ(r->from_tag, "r33th4x0r");
    EXPECT_EQ(r->to_tag, "ff87ff");
    EXPECT_FALSE(r->early_only);
}

TEST(TypedReplaces, Rfc3891_6_1_EarlyOnlyAndOddCallId) {
    auto r = parse_replaces("a<b>:c\"d@[x]?{y}; TO-TAG = 1 ;from-tag=2;early-only;foo=bar");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->call_id, "a<b>:c\"d@[x]?{y}");
    EXPECT_EQ(r->to_tag, "1");
    EXPECT_EQ(r->from_tag, "2");
    EXPECT_TRUE(r->early_only);
}

// RFC 3891 §3: a Replaces in a Refer-To URI is %-escaped; unescape() first.
TEST(TypedReplaces, Rfc3891_3_EscapedInReferTo) {
    const std::string v = unescape("12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994");
    auto r = parse_replaces(v);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->call_id, "12345@192.168.118.3");
    EXPECT_EQ(r->from_tag, "5FFE-3994");
}

// RFC 3891 §3: exactly one to-tag and exactly one from-tag.
TEST(TypedReplaces, Rfc3891_3_Rejects) {
    EXPECT_EQ(what_of(parse_replaces("")), "Replaces: empty value");
    EXPECT_EQ(what_of(parse_replaces("abc;from-tag=1")), "Replaces: missing to-tag");
    EXPECT_EQ(what_of(parse_replaces("abc;to-tag=1")), "Replaces: missing from-tag");
    EXPECT_EQ(what_of(parse_replaces("abc;to-tag=1;from-tag=2;to-tag=3")),
              "Replaces: more than one to-tag");
    EXPECT_EQ(what_of(parse_replaces("abc;to-tag=1;from-tag=2;from-tag=2")),
              "Replaces: more than one from-tag");
    EXPECT_EQ(what_of(parse_replaces("abc;to-tag=\"1\";from-tag=2")), "Replaces: bad to-tag");
    EXPECT_EQ(what_of(parse_replaces("abc;to-tag;from-tag=2")), "Replaces: bad to-tag");
    EXPECT_EQ(what_of(parse_replaces("abc@;to-tag=1;from-tag=2")), "Replaces: bad call-id");
    EXPECT_EQ(what_of(parse_replaces(";to-tag=1;from-tag=2")), "Replaces: bad call-id");
    EXPECT_EQ(what_of(parse_replaces("abc def;to-tag=1;from-tag=2")),
              "Replaces: unexpected text after value");
}

}  // namespace
}  // namespace dialtone::message
