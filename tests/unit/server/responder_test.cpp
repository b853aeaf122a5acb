// Responder: the stateless UAS of `dialtone serve` on raw bytes. RFC 3261 §8.2 (UAS
// behaviour), §11.2 (OPTIONS), §8.2.7 (stateless UAS), §18.2 (server transport).

#include "server/responder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::server {
namespace {

using message::HeaderId;
using message::Message;

constexpr Peer kUdpPeer{Transport::Udp, "192.0.2.10", 5070};
constexpr Peer kTcpPeer{Transport::Tcp, "192.0.2.10", 40000};

ResponderConfig test_config() {
    ResponderConfig c;
    c.server = "dialtone-test";
    c.tag_secret = 42;
    return c;
}

// A request from 192.0.2.10:5070 whose Via says so too, so no received is added.
std::string request(std::string_view method, std::string_view extra_headers = {},
                    std::string_view call_id = "Call-ID: abc123@192.0.2.10\r\n") {
    std::string r;
    r += method;
    r += " sip:server.example.com SIP/2.0\r\n";
    r += "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds\r\n";
    r += "Max-Forwards: 70\r\n";
    r += "To: <sip:server.example.com>\r\n";
    r += "From: Alice <sip:alice@example.com>;tag=1928301774\r\n";
    r += call_id;
    r += "CSeq: 63104 ";
    r += method;
    r += "\r\n";
    r += extra_headers;
    r += "Content-Length: 0\r\n\r\n";
    return r;
}

Message parse_response(const Outcome& out) {
    auto m = Message::parse(out.bytes);
    EXPECT_TRUE(m.ok()) << out.bytes;
    EXPECT_TRUE(m->is_response());
    return std::move(*m);
}

TEST(Responder, OptionsGets200WithCapabilities_Rfc3261_11_2) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("OPTIONS"), kUdpPeer);
    ASSERT_EQ(out.disposition, Disposition::Answered);
    EXPECT_EQ(out.status, 200);
    EXPECT_EQ(out.method, "OPTIONS");
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.header(HeaderId::Allow), "OPTIONS, ACK");
    EXPECT_EQ(r.header(HeaderId::Accept), "application/sdp");
    EXPECT_TRUE(r.has(HeaderId::Supported));
    EXPECT_TRUE(r.has(HeaderId::AcceptEncoding));
    EXPECT_TRUE(r.has(HeaderId::AcceptLanguage));
    EXPECT_EQ(r.header(HeaderId::Server), "dialtone-test");
    // §8.2.6.2 copies.
    EXPECT_EQ(r.header(HeaderId::Via), "SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds");
    EXPECT_EQ(r.call_id(), "abc123@192.0.2.10");
    EXPECT_EQ(r.header(HeaderId::CSeq), "63104 OPTIONS");
    EXPECT_EQ(r.header(HeaderId::From), "Alice <sip:alice@example.com>;tag=1928301774");
    auto to = r.to();
    ASSERT_TRUE(to.ok());
    EXPECT_TRUE(to->has_tag);
    EXPECT_FALSE(to->tag.empty());
    EXPECT_EQ(r.header(HeaderId::ContentLength), "0");
}

TEST(Responder, OptionsOverTcpIsAnsweredToo_Rfc3261_18_2_2) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("OPTIONS"), kTcpPeer);
    ASSERT_TRUE(out.answered());
    EXPECT_EQ(out.status, 200);
}

TEST(Responder, InviteGets501WithAllow_Rfc3261_21_5_2) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("INVITE"), kUdpPeer);
    ASSERT_TRUE(out.answered());
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 501);
    EXPECT_EQ(r.reason(), "Not Implemented");
    EXPECT_EQ(r.header(HeaderId::Allow), "OPTIONS, ACK");
    EXPECT_FALSE(r.has(HeaderId::Accept));  // capabilities belong to the OPTIONS answer
    EXPECT_EQ(r.header(HeaderId::CSeq), "63104 INVITE");
}

TEST(Responder, ExtensionMethodGets501_Rfc3261_21_5_2) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("FOOBAR"), kUdpPeer);
    ASSERT_TRUE(out.answered());
    EXPECT_EQ(parse_response(out).status(), 501);
}

TEST(Responder, AckIsNeverAnswered_Rfc3261_17_1_1_3) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("ACK"), kUdpPeer);
    EXPECT_EQ(out.disposition, Disposition::AckAbsorbed);
    EXPECT_TRUE(out.bytes.empty());
    EXPECT_EQ(out.status, 0);
}

TEST(Responder, BrokenAckIsNeverAnsweredEither_Rfc3261_17_1_1_3) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("ACK", {}, ""), kUdpPeer);  // no Call-ID
    EXPECT_FALSE(out.answered());
    EXPECT_TRUE(out.bytes.empty());
}

TEST(Responder, ResponseIsNeverAnswered_Rfc3261_8_2) {
    const Responder responder(test_config());
    const std::string response =
        "SIP/2.0 200 OK\r\n"
        "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds\r\n"
        "To: <sip:server.example.com>;tag=x\r\n"
        "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
        "Call-ID: abc123@192.0.2.10\r\n"
        "CSeq: 63104 OPTIONS\r\n"
        "Content-Length: 0\r\n\r\n";
    const Outcome out = responder.on_message(response, kUdpPeer);
    EXPECT_EQ(out.disposition, Disposition::ResponseIgnored);
    EXPECT_TRUE(out.bytes.empty());
}

TEST(Responder, BrokenResponseIsNeverAnswered_Rfc3261_8_2) {
    const Responder responder(test_config());
    const std::string response =
        "SIP/2.0 200 OK\r\n"
        "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds\r\n"
        "CSeq: 63104 OPTIONS\r\n"
        "Content-Length: 0\r\n\r\n";
    const Outcome out = responder.on_message(response, kUdpPeer);
    EXPECT_FALSE(out.answered());
    EXPECT_TRUE(out.bytes.empty());
}

TEST(Responder, MissingCallIdGets400NamingCallId_Rfc3261_8_1_1) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("OPTIONS", {}, ""), kUdpPeer);
    ASSERT_TRUE(out.answered());
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 400);
    EXPECT_NE(r.reason().find("Call-ID"), std::string_view::npos) << r.reason();
    EXPECT_NE(out.error.find("Call-ID"), std::string::npos) << out.error;
    // Still matchable by the client: Via and CSeq copied.
    EXPECT_EQ(r.header(HeaderId::Via), "SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds");
    EXPECT_EQ(r.header(HeaderId::CSeq), "63104 OPTIONS");
    EXPECT_FALSE(r.has(HeaderId::CallId));
}

TEST(Responder, GarbageGetsNothing_Rfc3261_18) {
    const Responder responder(test_config());
    for (std::string_view junk :
         {std::string_view{}, std::string_view{"\r\n\r\n"}, std::string_view{"hello world"},
          std::string_view{"\x01\x02\x03\xff\xfe", 5}, std::string_view{"OPTIONS\r\n\r\n"},
          std::string_view{"GET / HTTP/1.1\r\nHost: x\r\n\r\n"}}) {
        const Outcome out = responder.on_message(junk, kUdpPeer);
        EXPECT_FALSE(out.answered()) << junk;
        EXPECT_TRUE(out.bytes.empty()) << junk;
    }
}

TEST(Responder, RequestWithoutReadableViaGetsNothing_Rfc3261_18) {
    const Responder responder(test_config());
    std::string r = request("OPTIONS", {}, "");
    r.replace(r.find("Via: "), r.find("\r\n", r.find("Via: ")) - r.find("Via: "), "Via: ???");
    const Outcome out = responder.on_message(r, kUdpPeer);
    EXPECT_FALSE(out.answered()) << out.bytes;
}

TEST(Responder, UnsupportedRequireGets420WithUnsupported_Rfc3261_8_2_2_3) {
    const Responder responder(test_config());
    const Outcome out = responder.on_message(request("OPTIONS", "Require: foo, bar\r\n"), kUdpPeer);
    ASSERT_TRUE(out.answered());
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 420);
    EXPECT_EQ(r.header(HeaderId::Unsupported), "foo, bar");
}

TEST(Responder, UnknownUriSchemeGets416_Rfc3261_8_2_2_1) {
    const Responder responder(test_config());
    std::string r = request("OPTIONS");
    r.replace(0, r.find(" SIP/2.0"), "OPTIONS http://example.com/");
    const Outcome out = responder.on_message(r, kUdpPeer);
    ASSERT_TRUE(out.answered());
    EXPECT_EQ(parse_response(out).status(), 416);
}

TEST(Responder, TooLargeGets513_Rfc3261_18_1_1) {
    ResponderConfig c = test_config();
    c.max_message_size = 1024;
    const Responder responder(c);
    const std::string big = request("OPTIONS", "Subject: " + std::string(2000, 'x') + "\r\n");
    const Outcome out = responder.on_message(big, kUdpPeer);
    ASSERT_TRUE(out.answered()) << out.error;
    EXPECT_EQ(parse_response(out).status(), 513);
}

TEST(Responder, SameRequestSameTag_Rfc3261_8_2_7) {
    const Responder responder(test_config());
    const Message a = parse_response(responder.on_message(request("OPTIONS"), kUdpPeer));
    const Message b = parse_response(responder.on_message(request("OPTIONS"), kUdpPeer));
    const Message c = parse_response(
        responder.on_message(request("OPTIONS", {}, "Call-ID: other@192.0.2.10\r\n"), kUdpPeer));
    EXPECT_EQ(a.to()->tag, b.to()->tag);
    EXPECT_NE(a.to()->tag, c.to()->tag);
    // Another secret, another tag: tags cannot be predicted from outside.
    ResponderConfig other = test_config();
    other.tag_secret = 43;
    const Message d = parse_response(Responder(other).on_message(request("OPTIONS"), kUdpPeer));
    EXPECT_NE(a.to()->tag, d.to()->tag);
    EXPECT_GE(a.to()->tag.size(), 8u);  // §19.3: at least 32 bits of randomness
}

TEST(Responder, ReceivedAddedWhenSourceDiffers_Rfc3261_18_2_1) {
    const Responder responder(test_config());
    const Peer nat{Transport::Udp, "203.0.113.5", 61000};
    const Message r = parse_response(responder.on_message(request("OPTIONS"), nat));
    EXPECT_EQ(r.header(HeaderId::Via),
              "SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;received=203.0.113.5");
}

TEST(Responder, RportFilledAndReceivedAdded_Rfc3581_4) {
    const Responder responder(test_config());
    std::string req = request("OPTIONS");
    req.replace(req.find(";branch"), 0, ";rport");
    const Peer nat{Transport::Udp, "192.0.2.10", 61000};
    const Message r = parse_response(responder.on_message(req, nat));
    auto via = r.top_via();
    ASSERT_TRUE(via.ok());
    EXPECT_EQ(via->rport, "61000");
    EXPECT_EQ(via->received, "192.0.2.10");  // even though it equals sent-by
    EXPECT_EQ(via->branch, "z9hG4bK776asdhds");
}

TEST(Responder, OnlyTopViaIsStamped_Rfc3261_18_2_1) {
    const Responder responder(test_config());
    std::string req = request("OPTIONS");
    // A second via-parm on the same line and a third on its own line.
    const std::string proxy_vias =
        ", SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx;rport\r\nVia: SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKy";
    req.insert(req.find("\r\n", req.find("Via: ")), proxy_vias);
    const Peer nat{Transport::Udp, "203.0.113.5", 61000};
    const Message r = parse_response(responder.on_message(req, nat));
    ASSERT_EQ(r.count(HeaderId::Via), 2u);
    EXPECT_EQ(r.header(HeaderId::Via),
              "SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;received=203.0.113.5, "
              "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx;rport");
    EXPECT_EQ(r.value_of(r.slot(1)), "SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKy");
}

TEST(Responder, StreamMessageUsesContentLengthFraming_Rfc3261_18_3) {
    const Responder responder(test_config());
    // On a stream the framer cut exactly this; with datagram framing the trailing bytes
    // would be ignored, on a stream they are not part of the message anyway.
    const Outcome out = responder.on_message(request("OPTIONS"), kTcpPeer);
    ASSERT_TRUE(out.answered());
}

TEST(Responder, FramingErrorAnsweredFromReadableHead_Rfc3261_18_3) {
    const Responder responder(test_config());
    std::string head = request("OPTIONS");
    head.replace(head.find("Content-Length: 0"), 17, "Content-Length: -5");
    const message::ParseError error{400, "negative Content-Length"};
    const Outcome out = responder.on_framing_error(head, error, kTcpPeer);
    ASSERT_TRUE(out.answered());
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 400);
    EXPECT_NE(r.reason().find("Content-Length"), std::string_view::npos);
    EXPECT_EQ(r.call_id(), "abc123@192.0.2.10");
}

TEST(Responder, FramingErrorWithCutHeadIgnoresPartialLine_Rfc3261_18_3) {
    const Responder responder(test_config());
    // The stream stopped inside the CSeq line: a CSeq "63" must not be echoed.
    std::string head = request("OPTIONS");
    head.resize(head.find("CSeq: 63104") + 8);
    const Outcome out =
        responder.on_framing_error(head, {513, "header section too large"}, kTcpPeer);
    EXPECT_FALSE(out.answered()) << out.bytes;
}

TEST(Responder, FramingErrorForAckGetsNothing) {
    const Responder responder(test_config());
    const Outcome out =
        responder.on_framing_error(request("ACK"), {513, "message too large"}, kTcpPeer);
    EXPECT_FALSE(out.answered());
}

TEST(Responder, BadVersionAnsweredWhenHeadersReadable_Rfc3261_8_2) {
    const Responder responder(test_config());
    std::string req = request("OPTIONS");
    req.replace(req.find("SIP/2.0\r\n"), 7, "SIP/7.0");
    const Outcome out = responder.on_message(req, kUdpPeer);
    // Whatever status the parser picks (505 per RFC 4475 §3.3.15, or 400), a readable
    // request is answered with it.
    ASSERT_TRUE(out.answered()) << out.error;
    EXPECT_GE(out.status, 400);
}

TEST(Responder, HugeCSeqNumberStillGets400_Rfc4475_3_1_2_4) {
    const Responder responder(test_config());
    const std::string scalar =
        "REGISTER sip:example.com SIP/2.0\r\n"
        "Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3\r\n"
        "To: <sip:user@example.com>\r\n"
        "From: <sip:user@example.com>;tag=239232jh3\r\n"
        "CSeq: 36893488147419103232 REGISTER\r\n"
        "Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32\r\n"
        "Max-Forwards: 300\r\n"
        "Content-Length: 0\r\n\r\n";
    const Outcome out = responder.on_message(scalar, kUdpPeer);
    ASSERT_TRUE(out.answered()) << out.error;
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 400);
    EXPECT_EQ(r.header(HeaderId::CSeq), "36893488147419103232 REGISTER");  // as written
}

TEST(Responder, ExtraWhitespaceInRequestLineGets400_Rfc4475_3_1_2_9) {
    const Responder responder(test_config());
    std::string req = request("OPTIONS");
    req.replace(0, req.find("\r\n"), "OPTIONS  sip:server.example.com  SIP/2.0");
    const Outcome out = responder.on_message(req, kUdpPeer);
    ASSERT_TRUE(out.answered()) << out.error;
    EXPECT_EQ(parse_response(out).status(), 400);
}

TEST(Responder, BrokenToIsLeftOutOf400_Rfc3261_8_2_6_2) {
    const Responder responder(test_config());
    std::string req = request("OPTIONS");
    req.replace(req.find("To: <sip:server.example.com>"), 28, "To: \"unterminated <sip:x@y>");
    const Outcome out = responder.on_message(req, kUdpPeer);
    ASSERT_TRUE(out.answered()) << out.error;
    const Message r = parse_response(out);
    EXPECT_EQ(r.status(), 400);
    EXPECT_FALSE(r.has(HeaderId::To));
    EXPECT_EQ(r.header(HeaderId::CSeq), "63104 OPTIONS");
}

}  // namespace
}  // namespace dialtone::server
