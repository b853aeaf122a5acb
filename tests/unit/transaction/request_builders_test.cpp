// The requests the transaction layer builds: ACK for a non-2xx (RFC 3261 §17.1.1.3) and
// CANCEL (§9.1), and where a server transaction sends responses (§18.2.2, RFC 3581 §4).

#include <gtest/gtest.h>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/make_ack.hpp"
#include "dialtone/sip/transaction/make_cancel.hpp"
#include "dialtone/sip/transaction/response_destination.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::transaction {
namespace {

using message::HeaderId;
using message::Message;
using transport::Endpoint;
using transport::Transport;

Message forwarded_invite() {
    // A proxy's INVITE: its own Via on top of the caller's, two Routes, a body.
    return test::parse(
        "INVITE sip:bob@192.0.2.4:5062;transport=udp SIP/2.0\r\n"
        "Via: SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bK-proxy-1, "
        "SIP/2.0/UDP pc33.example.com;branch=z9hG4bK-uac\r\n"
        "Max-Forwards: 69\r\n"
        "Route: <sip:edge1.example.com;lr>\r\n"
        "Route: <sip:edge2.example.com;lr>, <sip:edge3.example.com;lr>\r\n"
        "From: \"Alice\" <sip:alice@example.com>;tag=a-1\r\n"
        "To: <sip:bob@example.com>\r\n"
        "Call-ID: call-77@pc33.example.com\r\n"
        "CSeq: 4711 INVITE\r\n"
        "Contact: <sip:alice@pc33.example.com>\r\n"
        "Content-Type: application/sdp\r\n"
        "Content-Length: 4\r\n\r\nv=0\n");
}

std::vector<std::string> all_values(const Message& m, HeaderId id) {
    std::vector<std::string> out;
    std::string_view v;
    auto cursor = m.values(id);
    while (cursor.next(v))
        out.emplace_back(v);
    return out;
}

TEST(MakeAck, Rfc3261_17_1_1_3_AckForNon2xxCopiesWhatTheRfcSays) {
    const Message invite = forwarded_invite();
    const Message response = test::make_response(invite, 486, "b-9");
    const Message ack = test::parse(make_non2xx_ack(invite, response).to_string());
    EXPECT_EQ(ack.method(), message::Method::Ack);
    EXPECT_EQ(ack.request_uri_text(), "sip:bob@192.0.2.4:5062;transport=udp");
    EXPECT_EQ(ack.call_id(), "call-77@pc33.example.com");
    EXPECT_EQ(ack.header(HeaderId::From), "\"Alice\" <sip:alice@example.com>;tag=a-1");
    EXPECT_EQ(ack.header(HeaderId::To), "<sip:bob@example.com>;tag=b-9");
    // Only the top via-parm, even though the INVITE's Via line held two.
    EXPECT_EQ(
        all_values(ack, HeaderId::Via),
        (std::vector<std::string>{"SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bK-proxy-1"}));
    EXPECT_EQ(ack.header(HeaderId::CSeq), "4711 ACK");
    EXPECT_EQ(all_values(ack, HeaderId::Route),
              (std::vector<std::string>{"<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>",
                                        "<sip:edge3.example.com;lr>"}));
    EXPECT_EQ(ack.header(HeaderId::MaxForwards), "69");
    // No body (NOT RECOMMENDED for a non-2xx ACK), no Contact.
    EXPECT_TRUE(ack.body().empty());
    EXPECT_EQ(ack.header(HeaderId::ContentLength), "0");
    EXPECT_FALSE(ack.has(HeaderId::Contact));
    EXPECT_FALSE(ack.has(HeaderId::ContentType));
}

TEST(MakeAck, Rfc3261_8_1_1_6_AckGetsMaxForwardsEvenWhenTheInviteHadNone) {
    Message invite = forwarded_invite();
    invite.remove_header(HeaderId::MaxForwards);
    invite.remove_header(HeaderId::Route);
    const Message ack = make_non2xx_ack(invite, test::make_response(invite, 404, "x"));
    EXPECT_EQ(ack.header(HeaderId::MaxForwards), "70");
    EXPECT_FALSE(ack.has(HeaderId::Route));
}

TEST(MakeCancel, Rfc3261_9_1_CancelCopiesTheRequestBeingCancelled) {
    Message invite = forwarded_invite();
    invite.set_to_tag("already-tagged");  // a re-INVITE: tags included
    const Message cancel = test::parse(make_cancel(invite).to_string());
    EXPECT_EQ(cancel.method(), message::Method::Cancel);
    EXPECT_EQ(cancel.request_uri_text(), invite.request_uri_text());
    EXPECT_EQ(cancel.call_id(), invite.call_id());
    EXPECT_EQ(cancel.header(HeaderId::From), invite.header(HeaderId::From));
    EXPECT_EQ(cancel.header(HeaderId::To), invite.header(HeaderId::To));
    EXPECT_EQ(cancel.header(HeaderId::CSeq), "4711 CANCEL");
    EXPECT_EQ(all_values(cancel, HeaderId::Via).size(), 1u);
    EXPECT_EQ(cancel.top_via()->branch, "z9hG4bK-proxy-1");  // same branch as the INVITE
    EXPECT_EQ(all_values(cancel, HeaderId::Route).size(), 3u);
    EXPECT_TRUE(cancel.body().empty());
}

message::Via via(std::string_view text) {
    auto v = message::parse_via(text);
    EXPECT_TRUE(v.ok()) << text;
    return *v;
}

TEST(ResponseDestination, Rfc3261_18_2_2_ReliableGoesBackOverTheSameConnection) {
    const Endpoint source{Transport::Tcp, "198.51.100.7", 49152};
    EXPECT_EQ(
        response_destination(via("SIP/2.0/TCP client.example.com:5060;branch=z9hG4bK1"), source),
        source);
}

TEST(ResponseDestination, Rfc3261_18_2_2_UnreliableGoesToReceivedAddressAtSentByPort) {
    const Endpoint source{Transport::Udp, "198.51.100.7", 49152};
    EXPECT_EQ(
        response_destination(via("SIP/2.0/UDP client.example.com:5070;branch=z9hG4bK1"), source),
        (Endpoint{Transport::Udp, "198.51.100.7", 5070}));
    EXPECT_EQ(response_destination(via("SIP/2.0/UDP client.example.com;branch=z9hG4bK1"), source),
              (Endpoint{Transport::Udp, "198.51.100.7", 5060}));
}

TEST(ResponseDestination, Rfc3581_4_RportSendsToTheSourcePort) {
    const Endpoint source{Transport::Udp, "198.51.100.7", 49152};
    EXPECT_EQ(
        response_destination(
            via("SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1;rport=49152;received=198.51.100.7"),
            source),
        source);
    EXPECT_EQ(response_destination(via("SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1;rport"), source),
              source);
}

TEST(ResponseDestination, Rfc3261_18_2_2_MaddrWinsWhenItIsAnAddress) {
    const Endpoint source{Transport::Udp, "198.51.100.7", 49152};
    EXPECT_EQ(
        response_destination(
            via("SIP/2.0/UDP client.example.com:5070;branch=z9hG4bK1;maddr=239.255.255.1"), source),
        (Endpoint{Transport::Udp, "239.255.255.1", 5070}));
    // A maddr name would need resolving (RFC 3263); the received address serves instead.
    EXPECT_EQ(
        response_destination(
            via("SIP/2.0/UDP client.example.com;branch=z9hG4bK1;maddr=mcast.example.com"), source),
        (Endpoint{Transport::Udp, "198.51.100.7", 5060}));
}

}  // namespace
}  // namespace dialtone::transaction
