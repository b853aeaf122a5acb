#include "dialtone/sip/message/content_type.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

template <class T>
std::string what_of(const Result<T>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.15: media-type = m-type SLASH m-subtype *(SEMI m-parameter).
TEST(TypedContentType, Rfc3261_20_15_TypeSubtypeParams) {
    auto r = parse_content_type("multipart/mixed;boundary=\"unique-boundary-1\"; charset=utf-8");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->type, "multipart");
    EXPECT_EQ(r->subtype, "mixed");
    EXPECT_EQ(r->param("boundary"), "unique-boundary-1");
    EXPECT_EQ(r->param("CHARSET"), "utf-8");
    EXPECT_TRUE(r->has_param("charset"));
    EXPECT_FALSE(r->has_param("q"));
    EXPECT_TRUE(r->is("MULTIPART", "Mixed"));
    EXPECT_EQ(r->params, "boundary=\"unique-boundary-1\"; charset=utf-8");
}

// §25.1: SLASH = SWS "/" SWS and SEMI/EQUAL allow LWS, folding included (RFC 4475 wsinv).
TEST(TypedContentType, Rfc3261_25_1_SeparatorsTakeLws) {
    auto r = parse_content_type("  application\r\n / sdp ;\r\n\tversion = 1  ");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->type, "application");
    EXPECT_EQ(r->subtype, "sdp");
    EXPECT_EQ(r->param("version"), "1");
}

TEST(TypedContentType, Rfc3261_20_15_Rejects) {
    EXPECT_EQ(what_of(parse_content_type("")), "Content-Type: empty value");
    EXPECT_EQ(what_of(parse_content_type("application")), "Content-Type: missing subtype");
    EXPECT_EQ(what_of(parse_content_type("application/")), "Content-Type: bad subtype");
    EXPECT_EQ(what_of(parse_content_type("/sdp")), "Content-Type: bad type");
    EXPECT_EQ(what_of(parse_content_type("application/sdp x")),
              "Content-Type: unexpected text after value");
    EXPECT_EQ(what_of(parse_content_type("application/sdp;charset")),
              "Content-Type: parameter without value");
    EXPECT_EQ(what_of(parse_content_type("application/sdp;;a=b")), "Content-Type: empty parameter");
    EXPECT_EQ(what_of(parse_content_type("text/plain;charset=\"utf-8")),
              "Content-Type: unterminated quoted string");
    EXPECT_EQ(what_of(parse_content_type("text/plain;charset=")),
              "Content-Type: bad parameter value");
    EXPECT_EQ(parse_content_type("application").error().status, 400);
}

// RFC 4475 §3.1.1.9 semiuri: a folded, multi-line Accept list.
TEST(TypedContentType, Rfc4475_3_1_1_9_FoldedAccept) {
    auto r = parse_accept(
        "application/sdp, application/pkcs7-mime,\r\n        multipart/mixed, "
        "multipart/signed,\r\n        message/sip, message/sipfrag");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 6u);
    EXPECT_TRUE(r->accepts("message", "sipfrag"));
    EXPECT_TRUE(r->accepts("APPLICATION", "SDP"));
    EXPECT_FALSE(r->accepts("text", "plain"));
    AcceptCursor cur = r->cursor();
    MediaType m;
    ASSERT_TRUE(cur.next(m));
    ASSERT_TRUE(cur.next(m));
    ASSERT_TRUE(cur.next(m));
    EXPECT_EQ(m.type, "multipart");
    EXPECT_EQ(m.subtype, "mixed");
}

// RFC 3261 §20.1: an empty Accept is legal and accepts nothing.
TEST(TypedContentType, Rfc3261_20_1_EmptyAcceptAcceptsNothing) {
    auto r = parse_accept("");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->count, 0u);
    EXPECT_FALSE(r->accepts("application", "sdp"));
    auto blank = parse_accept(" \r\n ");
    ASSERT_TRUE(blank.ok());
    EXPECT_EQ(blank->count, 0u);
    MediaType m;
    AcceptCursor cur = blank->cursor();
    EXPECT_FALSE(cur.next(m));
    EXPECT_FALSE(cur.failed());
}

// RFC 3261 §20.1: media-range wildcards and q-values.
TEST(TypedContentType, Rfc3261_20_1_WildcardsAndQValues) {
    auto any = parse_accept_range("*/*");
    ASSERT_TRUE(any.ok());
    EXPECT_TRUE(media_type_matches(*any, "application", "sdp"));
    auto text = parse_accept_range("text/*;q=0.5");
    ASSERT_TRUE(text.ok()) << what_of(text);
    EXPECT_EQ(text->q, 500);
    EXPECT_TRUE(media_type_matches(*text, "TEXT", "html"));
    EXPECT_FALSE(media_type_matches(*text, "application", "text"));
    auto exact = parse_accept_range("application/sdp;level=1;q=1.000");
    ASSERT_TRUE(exact.ok()) << what_of(exact);
    EXPECT_EQ(exact->q, 1000);
    EXPECT_EQ(exact->param("level"), "1");
    EXPECT_TRUE(media_type_matches(*exact, "application", "SDP"));
    EXPECT_FALSE(media_type_matches(*exact, "application", "sdp2"));
    EXPECT_EQ(parse_accept_range("a/b;q=0")->q, 0);
    EXPECT_EQ(parse_accept_range("a/b;q=0.001")->q, 1);
    EXPECT_EQ(parse_accept_range("a/b")->q, 1000);
}

TEST(TypedContentType, Rfc3261_20_1_MostSpecificRangeDecides) {
    auto r = parse_accept("*/*, text/plain;q=0");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_FALSE(r->accepts("text", "plain"));
    EXPECT_TRUE(r->accepts("text", "html"));
    auto refuse_all = parse_accept("*/*;q=0");
    ASSERT_TRUE(refuse_all.ok());
    EXPECT_FALSE(refuse_all->accepts("application", "sdp"));
}

TEST(TypedContentType, Rfc3261_20_1_BadAccept) {
    EXPECT_EQ(what_of(parse_accept("application/sdp,,text/plain")), "Accept: empty value");
    EXPECT_EQ(what_of(parse_accept("application/sdp, text")), "Accept: missing subtype");
    EXPECT_EQ(what_of(parse_accept("a/b;q=1.5")), "Accept: bad q-value");
    EXPECT_EQ(what_of(parse_accept("a/b;q=1.0001")), "Accept: bad q-value");
    EXPECT_EQ(what_of(parse_accept("a/b;q=2")), "Accept: bad q-value");
    EXPECT_EQ(what_of(parse_accept("a/b;q=")), "Accept: bad parameter value");
    EXPECT_EQ(what_of(parse_accept("a/b;q=.5")), "Accept: bad q-value");
}

// RFC 4475 §3.3.15 sdp01: Accept lists only an unknown type, so SDP is not acceptable.
TEST(TypedContentType, Rfc4475_3_3_15_Sdp01UnknownAcceptOnly) {
    auto r = parse_accept("text/nobodyKnowsThis");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 1u);
    EXPECT_FALSE(r->accepts("application", "sdp"));
}

}  // namespace
}  // namespace dialtone::message
