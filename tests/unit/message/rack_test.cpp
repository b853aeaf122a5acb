#include "dialtone/sip/message/rack.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

template <class T>
std::string what_of(const Result<T>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3262 §7.2: RAck = response-num LWS CSeq-num LWS Method.
TEST(TypedRAck, Rfc3262_7_2_Example) {
    auto r = parse_rack("776656 1 INVITE");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->rseq, 776656u);
    EXPECT_EQ(r->cseq, 1u);
    EXPECT_EQ(r->method, Method::Invite);
    EXPECT_EQ(r->method_text, "INVITE");

    auto folded = parse_rack("  0001\r\n\t 0002  \r\n UPDATE ");
    ASSERT_TRUE(folded.ok()) << what_of(folded);
    EXPECT_EQ(folded->rseq, 1u);
    EXPECT_EQ(folded->cseq, 2u);
    EXPECT_EQ(folded->method, Method::Update);

    auto ext = parse_rack("1 2 invite");  // methods are case-sensitive: an extension
    ASSERT_TRUE(ext.ok());
    EXPECT_EQ(ext->method, Method::Extension);
}

TEST(TypedRAck, Rfc3262_7_2_Bounds) {
    auto max = parse_rack("4294967295 4294967295 PRACK");
    ASSERT_TRUE(max.ok()) << what_of(max);
    EXPECT_EQ(max->rseq, 4294967295u);
    EXPECT_EQ(max->cseq, 4294967295u);
    EXPECT_EQ(what_of(parse_rack("4294967296 1 INVITE")), "RAck: response-num too large");
    EXPECT_EQ(what_of(parse_rack("1 4294967296 INVITE")), "RAck: CSeq-num too large");
}

TEST(TypedRAck, Rfc3262_7_2_Rejects) {
    EXPECT_EQ(what_of(parse_rack("")), "RAck: empty value");
    EXPECT_EQ(what_of(parse_rack("x 1 INVITE")), "RAck: bad response-num");
    EXPECT_EQ(what_of(parse_rack("1x 1 INVITE")), "RAck: bad response-num");
    EXPECT_EQ(what_of(parse_rack("1")), "RAck: missing CSeq-num");
    EXPECT_EQ(what_of(parse_rack("1 INVITE")), "RAck: bad CSeq-num");
    EXPECT_EQ(what_of(parse_rack("1 2")), "RAck: missing method");
    EXPECT_EQ(what_of(parse_rack("1 2INVITE")), "RAck: bad CSeq-num");
    EXPECT_EQ(what_of(parse_rack("1 2 INVITE extra")), "RAck: bad method");
    EXPECT_EQ(what_of(parse_rack("1 2 \"INVITE\"")), "RAck: bad method");
}

// RFC 3262 §7.1: RSeq = 1*DIGIT.
TEST(TypedRSeq, Rfc3262_7_1_RSeq) {
    EXPECT_EQ(*parse_rseq("988789"), 988789u);
    EXPECT_EQ(*parse_rseq(" 000042 \r\n "), 42u);
    EXPECT_EQ(*parse_rseq("4294967295"), 4294967295u);
    EXPECT_EQ(what_of(parse_rseq("4294967296")), "RSeq: response-num too large");
    EXPECT_EQ(what_of(parse_rseq("")), "RSeq: empty value");
    EXPECT_EQ(what_of(parse_rseq("1 2")), "RSeq: bad response-num");
    EXPECT_EQ(what_of(parse_rseq("abc")), "RSeq: bad response-num");
}

}  // namespace
}  // namespace dialtone::message
