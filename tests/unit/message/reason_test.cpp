#include "dialtone/sip/message/reason.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/quoted_string.hpp"

namespace dialtone::message {
namespace {

std::string what_of(const Result<Reason>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3326 §2 examples.
TEST(TypedReason, Rfc3326_2_SipAndQ850) {
    auto sip = parse_reason("SIP ;cause=200 ;text=\"Call completed elsewhere\"");
    ASSERT_TRUE(sip.ok()) << what_of(sip);
    EXPECT_EQ(sip->protocol, ReasonProtocol::Sip);
    EXPECT_TRUE(sip->has_cause);
    EXPECT_EQ(sip->cause, 200u);
    EXPECT_TRUE(sip->has_text);
    EXPECT_EQ(sip->text, "Call completed elsewhere");

    auto q = parse_reason("Q.850 ;cause=16 ;text=\"Terminated\"");
    ASSERT_TRUE(q.ok()) << what_of(q);
    EXPECT_EQ(q->protocol, ReasonProtocol::Q850);
    EXPECT_EQ(q->protocol_text, "Q.850");
    EXPECT_EQ(q->cause, 16u);

    auto other = parse_reason("preemption ;cause=1 ;text=\"UA preemption\"");
    ASSERT_TRUE(other.ok()) << what_of(other);
    EXPECT_EQ(other->protocol, ReasonProtocol::Other);
    EXPECT_EQ(other->protocol_text, "preemption");
}

TEST(TypedReason, Rfc3326_2_ListCaseFoldingAndEscapes) {
    ReasonCursor cur("sip;cause=480,\r\n Q.850 ; cause = 0019 ; text=\"No \\\"answer\\\"\"");
    Reason r;
    ASSERT_TRUE(cur.next(r));
    EXPECT_EQ(r.protocol, ReasonProtocol::Sip);
    EXPECT_EQ(r.cause, 480u);
    EXPECT_FALSE(r.has_text);
    ASSERT_TRUE(cur.next(r));
    EXPECT_EQ(r.protocol, ReasonProtocol::Q850);
    EXPECT_EQ(r.cause, 19u);
    EXPECT_EQ(unescape_quoted(r.text), "No \"answer\"");
    EXPECT_FALSE(cur.next(r));
    EXPECT_FALSE(cur.failed());
    auto bare = parse_reason("SIP");
    ASSERT_TRUE(bare.ok());
    EXPECT_FALSE(bare->has_cause);
}

TEST(TypedReason, Rfc3326_2_Rejects) {
    EXPECT_EQ(what_of(parse_reason("")), "Reason: empty value");
    EXPECT_EQ(what_of(parse_reason(";cause=1")), "Reason: bad protocol");
    EXPECT_EQ(what_of(parse_reason("SIP;cause=abc")), "Reason: bad cause");
    EXPECT_EQ(what_of(parse_reason("SIP;cause=4294967296")), "Reason: cause too large");
    EXPECT_EQ(parse_reason("SIP;cause=4294967295")->cause, 4294967295u);
    EXPECT_EQ(what_of(parse_reason("SIP;text=Busy")), "Reason: text must be a quoted string");
    EXPECT_EQ(what_of(parse_reason("SIP;text=\"Busy")), "Reason: unterminated quoted string");
    EXPECT_EQ(what_of(parse_reason("SIP cause=1")), "Reason: unexpected text after value");

    ReasonCursor cur("SIP;cause=1,,Q.850");
    Reason r;
    ASSERT_TRUE(cur.next(r));
    EXPECT_FALSE(cur.next(r));
    ASSERT_TRUE(cur.failed());
    EXPECT_EQ(cur.error().what, "Reason: empty value");
    ReasonCursor empty("");
    auto n = empty.validate();
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().what, "Reason: empty value");
}

}  // namespace
}  // namespace dialtone::message
