#include "dialtone/sip/message/content_disposition.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<ContentDisposition>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 3261 §20.11: disp-type *( SEMI disp-param ).
TEST(TypedContentDisposition, Rfc3261_20_11_TypeAndHandling) {
    auto r = parse_content_disposition("session ;\r\n handling = optional");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->type, "session");
    EXPECT_EQ(r->handling, "optional");
    EXPECT_TRUE(r->handling_optional());
    auto upper = parse_content_disposition("render;handling=OPTIONAL");
    ASSERT_TRUE(upper.ok());
    EXPECT_TRUE(upper->handling_optional());
}

// §20.11: a missing handling parameter means "required".
TEST(TypedContentDisposition, Rfc3261_20_11_DefaultHandlingIsRequired) {
    auto r = parse_content_disposition("icon");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->handling.empty());
    EXPECT_FALSE(r->handling_optional());
    auto req = parse_content_disposition("alert;handling=required");
    ASSERT_TRUE(req.ok());
    EXPECT_FALSE(req->handling_optional());
    auto ext = parse_content_disposition("early-session;handling=whatever;x=\"y z\"");
    ASSERT_TRUE(ext.ok()) << what_of(ext);
    EXPECT_FALSE(ext->handling_optional());
    EXPECT_EQ(ext->param("x"), "y z");
}

TEST(TypedContentDisposition, Rfc3261_20_11_Rejects) {
    EXPECT_EQ(what_of(parse_content_disposition("")), "Content-Disposition: empty value");
    EXPECT_EQ(what_of(parse_content_disposition("\"session\"")),
              "Content-Disposition: bad disposition type");
    EXPECT_EQ(what_of(parse_content_disposition("session;handling=\"optional\"")),
              "Content-Disposition: bad handling parameter");
    EXPECT_EQ(what_of(parse_content_disposition("session;handling")),
              "Content-Disposition: bad handling parameter");
    EXPECT_EQ(what_of(parse_content_disposition("session render")),
              "Content-Disposition: unexpected text after value");
    EXPECT_EQ(what_of(parse_content_disposition("session;")),
              "Content-Disposition: empty parameter");
}

}  // namespace
}  // namespace dialtone::message
