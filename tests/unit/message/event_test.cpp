#include "dialtone/sip/message/event.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<Event>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 6665 §8.2.1 / §8.4: event-type with templates and an id parameter.
TEST(TypedEvent, Rfc6665_8_4_TypeTemplatesAndId) {
    auto r = parse_event("presence.winfo ; id = 1234 ; foo=bar");
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->type, "presence.winfo");
    EXPECT_EQ(r->package, "presence");
    EXPECT_EQ(r->templates, "winfo");
    EXPECT_TRUE(r->has_id);
    EXPECT_EQ(r->id, "1234");
    EXPECT_EQ(r->params, "id = 1234 ; foo=bar");

    auto refer = parse_event("\r\n refer");
    ASSERT_TRUE(refer.ok()) << what_of(refer);
    EXPECT_EQ(refer->package, "refer");
    EXPECT_TRUE(refer->templates.empty());
    EXPECT_FALSE(refer->has_id);
}

TEST(TypedEvent, Rfc6665_8_4_Rejects) {
    EXPECT_EQ(what_of(parse_event("")), "Event: empty value");
    EXPECT_EQ(what_of(parse_event("presence..winfo")), "Event: bad event type");
    EXPECT_EQ(what_of(parse_event(".presence")), "Event: bad event type");
    EXPECT_EQ(what_of(parse_event("presence.")), "Event: bad event type");
    EXPECT_EQ(what_of(parse_event("\"presence\"")), "Event: bad event type");
    EXPECT_EQ(what_of(parse_event("dialog;id=\"x\"")), "Event: bad id parameter");
    EXPECT_EQ(what_of(parse_event("dialog;id")), "Event: bad id parameter");
    EXPECT_EQ(what_of(parse_event("dialog presence")), "Event: unexpected text after value");
    EXPECT_EQ(what_of(parse_event("dialog;=1")), "Event: empty parameter");
}

TEST(TypedEvent, Rfc6665_8_4_IsEventType) {
    EXPECT_TRUE(is_event_type("message-summary"));
    EXPECT_TRUE(is_event_type("a.b.c"));
    EXPECT_FALSE(is_event_type(""));
    EXPECT_FALSE(is_event_type("a b"));
    EXPECT_FALSE(is_event_type("a..b"));
}

}  // namespace
}  // namespace dialtone::message
