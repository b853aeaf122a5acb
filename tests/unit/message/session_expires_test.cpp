#include "dialtone/sip/message/session_expires.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<SessionExpires>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 4028 §4: Session-Expires = delta-seconds *(SEMI se-params).
TEST(TypedSessionExpires, Rfc4028_4_Refresher) {
    auto a = parse_session_expires("4000;refresher=uac");
    ASSERT_TRUE(a.ok()) << what_of(a);
    EXPECT_EQ(a->seconds, 4000u);
    EXPECT_EQ(a->refresher, Refresher::Uac);
    auto b = parse_session_expires(" 01800 ;\r\n REFRESHER = UAS ; x");
    ASSERT_TRUE(b.ok()) << what_of(b);
    EXPECT_EQ(b->seconds, 1800u);
    EXPECT_EQ(b->refresher, Refresher::Uas);
    auto c = parse_session_expires("90");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->refresher, Refresher::None);
    EXPECT_TRUE(c->params.empty());
}

TEST(TypedSessionExpires, Rfc4028_4_BoundsAndRejects) {
    EXPECT_EQ(parse_session_expires("4294967295")->seconds, 4294967295u);
    EXPECT_EQ(what_of(parse_session_expires("4294967296")),
              "Session-Expires: delta-seconds too large");
    EXPECT_EQ(what_of(parse_session_expires("")), "Session-Expires: empty value");
    EXPECT_EQ(what_of(parse_session_expires("refresher=uac")),
              "Session-Expires: bad delta-seconds");
    EXPECT_EQ(what_of(parse_session_expires("90;refresher=proxy")),
              "Session-Expires: refresher must be uac or uas");
    EXPECT_EQ(what_of(parse_session_expires("90;refresher")),
              "Session-Expires: refresher must be uac or uas");
    EXPECT_EQ(what_of(parse_session_expires("90 uac")),
              "Session-Expires: unexpected text after value");
}

}  // namespace
}  // namespace dialtone::message
