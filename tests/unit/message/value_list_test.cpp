#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/value_list.hpp"

namespace dialtone::message {
namespace {

std::vector<std::string> split(std::string_view value) {
    std::vector<std::string> out;
    ValueListCursor cursor(value);
    std::string_view element;
    while (cursor.next(element))
        out.emplace_back(element);
    return out;
}

using List = std::vector<std::string>;

// RFC 3261 §7.3.1: a comma-separated list is the same as one header line per element; a
// comma inside <...> or a quoted string separates nothing.
TEST(ValueList, Rfc3261_7_3_1_RouteSetElements) {
    EXPECT_EQ(split("<sip:a.example.com;lr>, <sip:b.example.com;lr>"),
              (List{"<sip:a.example.com;lr>", "<sip:b.example.com;lr>"}));
    // No space after the comma, LWS before it, a folded line between the elements.
    EXPECT_EQ(split("<sip:a;lr>,<sip:b;lr>"), (List{"<sip:a;lr>", "<sip:b;lr>"}));
    EXPECT_EQ(split("<sip:a;lr> \t, <sip:b;lr>"), (List{"<sip:a;lr>", "<sip:b;lr>"}));
    EXPECT_EQ(split("<sip:a;lr>,\r\n <sip:b;lr>"), (List{"<sip:a;lr>", "<sip:b;lr>"}));
    // Parameters after the '>' belong to the element.
    EXPECT_EQ(split("<sip:a>;expires=60, <sip:b>;q=0.5"),
              (List{"<sip:a>;expires=60", "<sip:b>;q=0.5"}));
}

TEST(ValueList, Rfc3261_7_3_1_CommasInsideAnglesAndQuotes) {
    EXPECT_EQ(split("<sip:a,b@example.com>, <sip:c@example.com>"),
              (List{"<sip:a,b@example.com>", "<sip:c@example.com>"}));
    EXPECT_EQ(split("\"Bell, Alexander\" <sip:a@b>, <sip:c@d>"),
              (List{"\"Bell, Alexander\" <sip:a@b>", "<sip:c@d>"}));
    EXPECT_EQ(split("\"q \\\" , still\" <sip:a@b>"), (List{"\"q \\\" , still\" <sip:a@b>"}));
    // A '<' or '"' that never closes keeps the rest of the value in one element.
    EXPECT_EQ(split("<sip:a, <sip:b"), (List{"<sip:a, <sip:b"}));
    EXPECT_EQ(split("\"open, <sip:b>"), (List{"\"open, <sip:b>"}));
}

TEST(ValueList, Rfc3261_7_3_1_EmptyElementsAreKept) {
    // Validators reject them; the splitter must hand them over, not skip them.
    EXPECT_EQ(split("a,,b"), (List{"a", "", "b"}));
    EXPECT_EQ(split("<sip:a>,"), (List{"<sip:a>", ""}));
    EXPECT_EQ(split(" , <sip:a>"), (List{"", "<sip:a>"}));
}

TEST(ValueList, RestIsWhatFollowsTheComma) {
    ValueListCursor cursor("<sip:a;lr>, <sip:b;lr>");
    std::string_view element;
    ASSERT_TRUE(cursor.next(element));
    EXPECT_EQ(element, "<sip:a;lr>");
    EXPECT_EQ(cursor.rest(), " <sip:b;lr>");
    ASSERT_TRUE(cursor.next(element));
    EXPECT_EQ(element, "<sip:b;lr>");
    EXPECT_TRUE(cursor.done());
    EXPECT_FALSE(cursor.next(element));
}

// The message's cursor walks the elements of every line in order, whether the parser saw a
// comma in a line or not (RFC 3261 §7.3.1, §20.30 Record-Route).
TEST(ValueList, Rfc3261_7_3_1_MessageCursorAcrossLines) {
    auto m = Message::parse(
        "SIP/2.0 180 Ringing\r\n"
        "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
        "Record-Route: <sip:r1.example.com;lr>, <sip:r2.example.com;lr>\r\n"
        "Via: SIP/2.0/UDP b.example.com;branch=z9hG4bK2, SIP/2.0/UDP c.example.com\r\n"
        "Record-Route: <sip:r3.example.com;lr>\r\n"
        "Content-Length: 0\r\n\r\n");
    ASSERT_TRUE(m.ok());
    List vias, routes;
    std::string_view element;
    for (auto cursor = m->values(HeaderId::Via); cursor.next(element);)
        vias.emplace_back(element);
    for (auto cursor = m->values(HeaderId::RecordRoute); cursor.next(element);)
        routes.emplace_back(element);
    EXPECT_EQ(vias,
              (List{"SIP/2.0/UDP a.example.com;branch=z9hG4bK1",
                    "SIP/2.0/UDP b.example.com;branch=z9hG4bK2", "SIP/2.0/UDP c.example.com"}));
    EXPECT_EQ(routes, (List{"<sip:r1.example.com;lr>", "<sip:r2.example.com;lr>",
                            "<sip:r3.example.com;lr>"}));
    auto none = m->values(HeaderId::Route);
    EXPECT_FALSE(none.next(element));
}

}  // namespace
}  // namespace dialtone::message
