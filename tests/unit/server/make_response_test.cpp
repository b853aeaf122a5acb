// make_response: RFC 3261 §8.2.6 (response construction) and §8.2.6.2 (headers and tags).

#include "server/make_response.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::server {
namespace {

using message::HeaderId;
using message::Message;

Message parse_or_die(const std::string& text) {
    auto m = Message::parse(text);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().reason_phrase());
    return std::move(*m);
}

std::vector<std::string> lines_of(const Message& m, HeaderId id) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < m.slot_count(); ++i) {
        const auto& s = m.slot(i);
        if (!s.removed && s.id == id) out.emplace_back(m.value_of(s));
    }
    return out;
}

const char* const kInvite =
    "INVITE sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1, SIP/2.0/UDP "
    "p2.example.com;branch=z9hG4bKp2\r\n"
    "Via: SIP/2.0/TCP client.example.com:5060;branch=z9hG4bKc1\r\n"
    "Max-Forwards: 68\r\n"
    "To: Bob <sip:bob@example.com>\r\n"
    "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@client.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@client.example.com>\r\n"
    "Timestamp: 54.2\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

TEST(MakeResponse, CopiesViaFromToCallIdCSeq_Rfc3261_8_2_6_2) {
    const Message request = parse_or_die(kInvite);
    const Message response = parse_or_die(make_response(request, 486, {}, "abc123").to_string());
    EXPECT_TRUE(response.is_response());
    EXPECT_EQ(response.status(), 486);
    EXPECT_EQ(response.reason(), "Busy Here");
    // Every Via, in order, line by line as the request had them.
    EXPECT_EQ(lines_of(response, HeaderId::Via), lines_of(request, HeaderId::Via));
    ASSERT_EQ(lines_of(response, HeaderId::Via).size(), 2u);
    EXPECT_EQ(response.header(HeaderId::From), request.header(HeaderId::From));
    EXPECT_EQ(response.call_id(), "a84b4c76e66710@client.example.com");
    EXPECT_EQ(response.header(HeaderId::CSeq), "314159 INVITE");
    EXPECT_EQ(response.header(HeaderId::To), "Bob <sip:bob@example.com>;tag=abc123");
    auto to = response.to();
    ASSERT_TRUE(to.ok());
    EXPECT_EQ(to->tag, "abc123");
    EXPECT_EQ(response.header(HeaderId::ContentLength), "0");
    EXPECT_TRUE(response.body().empty());
}

TEST(MakeResponse, DoesNotCopyOtherHeaders_Rfc3261_8_2_6_2) {
    const Message request = parse_or_die(kInvite);
    const Message response = make_response(request, 500, {}, "t");
    EXPECT_FALSE(response.has(HeaderId::Contact));
    EXPECT_FALSE(response.has(HeaderId::MaxForwards));
    EXPECT_FALSE(response.has(HeaderId::ContentType));
    EXPECT_FALSE(response.has(HeaderId::Timestamp));  // only a 100 echoes it
}

TEST(MakeResponse, CustomReasonPhrase) {
    const Message request = parse_or_die(kInvite);
    const Message response = make_response(request, 400, "Bad Request (missing thing)", "t");
    EXPECT_EQ(response.reason(), "Bad Request (missing thing)");
}

TEST(MakeResponse, KeepsExistingToTag_Rfc3261_8_2_6_2) {
    std::string text = kInvite;
    text.replace(text.find("To: Bob <sip:bob@example.com>"), 29,
                 "To: Bob <sip:bob@example.com>;tag=existing");
    const Message request = parse_or_die(text);
    const Message response = make_response(request, 200, {}, "new");
    EXPECT_EQ(response.header(HeaderId::To), "Bob <sip:bob@example.com>;tag=existing");
}

TEST(MakeResponse, TryingGetsNoTagButEchoesTimestamp_Rfc3261_8_2_6) {
    const Message request = parse_or_die(kInvite);
    const Message response = parse_or_die(make_response(request, 100, {}, "abc").to_string());
    EXPECT_EQ(response.header(HeaderId::To), "Bob <sip:bob@example.com>");  // §8.2.6.2
    EXPECT_EQ(response.header(HeaderId::Timestamp), "54.2");                // §8.2.6.1
}

TEST(MakeResponse, EmptyTagAddsNone) {
    const Message request = parse_or_die(kInvite);
    const Message response = make_response(request, 200, {}, {});
    EXPECT_EQ(response.header(HeaderId::To), "Bob <sip:bob@example.com>");
}

TEST(MakeResponse, FromEchoSkipsAbsentHeaders) {
    RequestEcho echo;
    echo.via_lines = {"SIP/2.0/UDP h;branch=z9hG4bK1"};
    echo.cseq = "1 OPTIONS";
    const Message response = parse_or_die(make_response(echo, 400, {}, "t").to_string());
    EXPECT_EQ(response.header(HeaderId::Via), "SIP/2.0/UDP h;branch=z9hG4bK1");
    EXPECT_EQ(response.header(HeaderId::CSeq), "1 OPTIONS");
    EXPECT_FALSE(response.has(HeaderId::CallId));
    EXPECT_FALSE(response.has(HeaderId::From));
    EXPECT_FALSE(response.has(HeaderId::To));
}

}  // namespace
}  // namespace dialtone::server
