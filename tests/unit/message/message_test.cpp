#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::message {
namespace {

// RFC 3261 §24.2 F1, as a proxy receives it.
const std::string kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "X-Custom:   kept   as is  \r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

Message parse_ok(const std::string& bytes, const ParseOptions& opt = {}) {
    auto r = Message::parse(bytes, opt);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().what);
    return r.ok() ? std::move(*r) : Message::response(500);
}

TEST(Message, ParsesRequestFields) {
    const Message m = parse_ok(kInvite);
    EXPECT_TRUE(m.is_request());
    EXPECT_EQ(m.method(), Method::Invite);
    EXPECT_EQ(m.request_uri()->user, "bob");
    EXPECT_EQ(m.top_via()->branch, "z9hG4bKnashds8");
    EXPECT_EQ(*m.max_forwards(), 70u);
    EXPECT_EQ(m.to()->display_name_text(), "Bob");
    EXPECT_EQ(m.from()->tag, "1928301774");
    EXPECT_EQ(m.call_id(), "a84b4c76e66710");
    EXPECT_EQ(m.cseq()->number, 314159u);
    EXPECT_EQ(m.contact()->uri.host.text, "pc33.atlanta.example.com");
    EXPECT_EQ(m.header("x-custom"), "kept   as is");
    EXPECT_EQ(m.body(), "v=0\n");
}

TEST(Message, Rfc3261_7_3_1_CompactFormsAndCaseInsensitiveNames) {
    const Message m = parse_ok(
        "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\ni: id\r\n"
        "f: <sip:x@y>;tag=1\r\nt: <sip:a@b>\r\nCSEQ: 1 OPTIONS\r\nl: 0\r\n\r\n");
    EXPECT_EQ(m.call_id(), "id");
    EXPECT_EQ(m.cseq()->method, Method::Options);
    EXPECT_EQ(m.from()->tag, "1");
    EXPECT_EQ(m.content_length(), 0u);
}

// RFC 3261 §7.3.1: field names are case-insensitive. Every name the stack knows, in any
// case, gets its id; a name that differs in one octet, or is one octet longer or shorter,
// is an unknown header that keeps its spelling.
TEST(Message, Rfc3261_7_3_1_EveryKnownNameInAnyCase) {
    auto id_of = [](const std::string& name) {
        auto r = Message::parse("OPTIONS sip:a@b SIP/2.0\r\n" + name + ": 0\r\n\r\n");
        EXPECT_TRUE(r.ok()) << name;
        EXPECT_EQ(r.ok() ? r->slot_count() : 0u, 1u) << name;
        return r.ok() && r->slot_count() == 1 ? r->slot(0).id : HeaderId::Count_;
    };
    for (const HeaderInfo& h : kHeaderTable) {
        if (h.id == HeaderId::Unknown) continue;
        const std::string name(h.name);
        std::string upper = name, lower = name, mixed = name;
        for (std::size_t i = 0; i < name.size(); ++i) {
            upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
            lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
            mixed[i] = i % 2 ? upper[i] : lower[i];
        }
        for (const std::string& spelling : {name, upper, lower, mixed})
            EXPECT_EQ(id_of(spelling), h.id) << spelling;
        std::string changed = name;
        changed[changed.size() - 1] = changed.back() == 'x' ? 'y' : 'x';
        std::string dash = name;
        for (char& c : dash)
            if (c == '-') c = '_';
        for (const std::string& other : {changed, name + "s", name.substr(0, name.size() - 1),
                                         std::string(dash == name ? "X-" + name : dash)}) {
            if (header_id_from_name(other) != HeaderId::Unknown) continue;  // another name
            EXPECT_EQ(id_of(other), HeaderId::Unknown) << other;
        }
    }
}

TEST(Message, Rfc3261_7_3_1_MultipleLinesAndCommaListsAreOneList) {
    const Message m = parse_ok(
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/TCP "
        "h2;branch=z9hG4bK2\r\n"
        "Via: SIP/2.0/UDP h3;branch=z9hG4bK3\r\nRoute: <sip:p1;lr>,<sip:p2;lr>\r\nl: 0\r\n\r\n");
    std::vector<std::string_view> hosts;
    std::string_view v;
    auto cur = m.values(HeaderId::Via);
    while (cur.next(v))
        hosts.push_back(parse_via(v)->host.text);
    EXPECT_EQ(hosts, (std::vector<std::string_view>{"h1", "h2", "h3"}));
    EXPECT_EQ(m.count(HeaderId::Via), 2u);
    std::size_t routes = 0;
    auto rc = m.values(HeaderId::Route);
    while (rc.next(v))
        ++routes;
    EXPECT_EQ(routes, 2u);
}

TEST(Message, Rfc3261_7_5_LeadingCrlfIgnoredAndBareLfAccepted) {
    const Message m = parse_ok("\r\n\r\nOPTIONS sip:a@b SIP/2.0\nCall-ID: x\nl: 0\n\n");
    EXPECT_EQ(m.call_id(), "x");
}

TEST(Message, Rfc3261_18_3_DatagramFraming) {
    const std::string head = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n";
    // Content-Length shorter than the datagram: the rest is ignored.
    EXPECT_EQ(parse_ok(head + "Content-Length: 2\r\n\r\nabcdef").body(), "ab");
    // No Content-Length: the body runs to the end of the datagram.
    EXPECT_EQ(parse_ok(head + "\r\nabcdef").body(), "abcdef");
    // Longer than the datagram: refused.
    auto r = Message::parse(head + "Content-Length: 20\r\n\r\nabc");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 400);
    // Stream framing needs the exact length.
    ParseOptions stream;
    stream.datagram = false;
    EXPECT_FALSE(Message::parse(head + "Content-Length: 2\r\n\r\nabc", stream).ok());
    EXPECT_EQ(parse_ok(head + "Content-Length: 3\r\n\r\nabc", stream).body(), "abc");
}

TEST(Message, Rfc3261_18_1_1_TooLargeIs513) {
    ParseOptions opt;
    opt.max_size = 64;
    auto r = Message::parse(kInvite, opt);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 513);
    EXPECT_FALSE(r.error().malformed);
}

TEST(Message, StartLineErrors) {
    auto version = Message::parse("OPTIONS sip:a@b SIP/3.0\r\n\r\n");
    ASSERT_FALSE(version.ok());
    EXPECT_EQ(version.error().status, 505);
    auto response = Message::parse("SIP/2.0 20 OK\r\n\r\n");
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().status, 0);  // a broken response is dropped, not answered
    EXPECT_FALSE(Message::parse("OPTIONS  sip:a@b SIP/2.0\r\n\r\n").ok());
    EXPECT_FALSE(Message::parse("OPTIONS sip:a@b SIP/2.0 \r\n\r\n").ok());
    EXPECT_FALSE(Message::parse("OPTIONS <sip:a@b> SIP/2.0\r\n\r\n").ok());
    EXPECT_FALSE(Message::parse("OPTIONS sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n").ok());
    EXPECT_FALSE(Message::parse("").ok());
}

TEST(Message, UntouchedMessageSerializesByteForByte) {
    EXPECT_EQ(parse_ok(kInvite).to_string(), kInvite);
}

// RFC 3261 §16.6: what a proxy changes when it forwards.
TEST(Message, Rfc3261_16_6_ProxyEdits) {
    Message m = parse_ok(kInvite);
    ASSERT_TRUE(m.decrement_max_forwards());
    m.push_via("SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1");
    m.push_record_route("<sip:proxy.example.com;lr>");
    m.set_request_uri("sip:bob@192.0.2.4");
    const std::string out = m.to_string();
    auto again = Message::parse(out);
    ASSERT_TRUE(again.ok()) << out;
    EXPECT_EQ(*again->max_forwards(), 69u);
    EXPECT_EQ(again->top_via()->host.text, "proxy.example.com");
    EXPECT_EQ(again->count(HeaderId::Via), 2u);
    EXPECT_EQ(again->request_uri()->host.text, "192.0.2.4");
    EXPECT_EQ(again->header(HeaderId::RecordRoute), "<sip:proxy.example.com;lr>");
    // Untouched headers keep their exact bytes.
    EXPECT_NE(out.find("X-Custom:   kept   as is  \r\n"), std::string::npos);
    EXPECT_NE(out.find("From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"),
              std::string::npos);
    // The accessors of the edited message see the edits too.
    EXPECT_EQ(m.top_via()->branch, "z9hG4bKp1");
    EXPECT_EQ(m.request_uri()->host.text, "192.0.2.4");
}

TEST(Message, Rfc3261_16_7_PopViaFromAListLine) {
    Message m = parse_ok(
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP p1;branch=z9hG4bKa, SIP/2.0/UDP c;branch=z9hG4bKb\r\n"
        "Call-ID: x\r\nl: 0\r\n\r\n");
    ASSERT_TRUE(m.pop_via());
    EXPECT_EQ(m.top_via()->host.text, "c");
    ASSERT_TRUE(m.pop_via());
    EXPECT_FALSE(m.has(HeaderId::Via));
    EXPECT_FALSE(m.pop_via());
    EXPECT_EQ(m.to_string(), "SIP/2.0 200 OK\r\nCall-ID: x\r\nl: 0\r\n\r\n");
}

TEST(Message, Rfc3261_16_6_MaxForwardsZeroIsNotDecremented) {
    Message m = parse_ok("OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 0\r\nl: 0\r\n\r\n");
    EXPECT_FALSE(m.decrement_max_forwards());
    EXPECT_EQ(*m.max_forwards(), 0u);
}

TEST(Message, RouteEditsAndToTag) {
    Message m = parse_ok(kInvite);
    m.push_route("<sip:p2.example.com;lr>");
    m.push_route("<sip:p1.example.com;lr>");
    std::string_view first;
    auto cur = m.values(HeaderId::Route);
    ASSERT_TRUE(cur.next(first));
    EXPECT_EQ(first, "<sip:p1.example.com;lr>");
    ASSERT_TRUE(m.pop_route());
    EXPECT_EQ(m.header(HeaderId::Route), "<sip:p2.example.com;lr>");
    m.set_to_tag("abc");
    EXPECT_EQ(m.to()->tag, "abc");
    m.set_to_tag("def");  // replaces, never adds a second tag
    EXPECT_EQ(m.to()->tag, "def");
    EXPECT_EQ(m.header(HeaderId::To), "Bob <sip:bob@biloxi.example.com>;tag=def");
}

TEST(Message, SetBodyKeepsContentLengthRight) {
    Message m = parse_ok(kInvite);
    m.set_body("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n", "application/sdp");
    auto again = Message::parse(m.to_string());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->body(), "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
    EXPECT_EQ(again->count(HeaderId::ContentLength), 1u);
    EXPECT_EQ(again->header(HeaderId::ContentLength), "31");
}

TEST(Message, BuildsResponsesAndRequestsFromScratch) {
    Message r = Message::response(180);
    r.add_header(HeaderId::CallId, "abc");
    r.add_header("X-Thing", "1");
    r.set_body("");
    EXPECT_EQ(r.to_string(),
              "SIP/2.0 180 Ringing\r\nCall-ID: abc\r\nX-Thing: 1\r\nContent-Length: 0\r\n\r\n");
    Message q = Message::request("OPTIONS", "sip:a@example.com");
    q.add_header(HeaderId::MaxForwards, "70");
    EXPECT_EQ(q.method(), Method::Options);
    EXPECT_EQ(q.request_uri()->host.text, "example.com");
    EXPECT_TRUE(Message::parse(q.to_string()).ok());
}

// A serialized message is sized before it is written: transactions keep their last
// response for up to 32 s, so neither slack nor a regrowth while appending is wanted.
TEST(Message, AppendToReservesExactlyWhatItWrites) {
    Message edited = parse_ok(kInvite);
    ASSERT_TRUE(edited.decrement_max_forwards());
    edited.push_via("SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1");
    edited.set_request_uri("sip:bob@192.0.2.4");
    edited.add_header("X-Added", "yes");
    edited.remove_header(HeaderId::Route);
    Message built = Message::response(401);
    built.add_header(HeaderId::WwwAuthenticate, "Digest realm=\"example.test\", nonce=\"n\"");
    built.set_body("");
    for (const Message* m : {&edited, &built}) {
        std::string out;
        m->append_to(out);
        EXPECT_EQ(out, m->to_string());
        EXPECT_EQ(out.capacity(), out.size()) << out;
    }
}

TEST(Message, CopiesAreIndependentValues) {
    Message a = parse_ok(kInvite);
    Message b = a;
    b.set_request_uri("sip:carol@chicago.example.com");
    b.push_via("SIP/2.0/TCP x.example.com;branch=z9hG4bKx");
    EXPECT_EQ(a.request_uri()->user, "bob");
    EXPECT_EQ(a.top_via()->host.text, "pc33.atlanta.example.com");
    EXPECT_EQ(b.request_uri()->user, "carol");
    const Message c = std::move(b);
    EXPECT_EQ(c.request_uri()->user, "carol");
    EXPECT_EQ(c.top_via()->host.text, "x.example.com");
}

}  // namespace
}  // namespace dialtone::message
