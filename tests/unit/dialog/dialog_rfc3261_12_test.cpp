// RFC 3261 §12: dialog creation (UAC and UAS), route sets, remote target refresh, sequence
// numbers and in-dialog request construction (loose and strict routing).

#include <gtest/gtest.h>

#include "dialtone/sip/dialog/dialog.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::dialog {
namespace {

using message::HeaderId;
using message::Message;

Message invite() {
    return test::parse(
        "INVITE sip:bob@example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
        "Max-Forwards: 70\r\n"
        "From: Alice <sip:alice@example.com>;tag=a1\r\n"
        "To: Bob <sip:bob@example.com>\r\n"
        "Call-ID: c1@192.0.2.1\r\n"
        "CSeq: 7 INVITE\r\n"
        "Contact: <sip:alice@192.0.2.1:5060>\r\n"
        "Record-Route: <sip:p2.example.com;lr>\r\n"
        "Record-Route: <sip:p1.example.com;lr>\r\n"
        "Content-Length: 0\r\n\r\n");
}

Message response(int status, std::string_view rr1, std::string_view rr2,
                 std::string_view contact = "<sip:bob@192.0.2.2:5062>") {
    std::string text = "SIP/2.0 " + std::to_string(status) + " X\r\n";
    text += "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n";
    text += "From: Alice <sip:alice@example.com>;tag=a1\r\n";
    text += "To: Bob <sip:bob@example.com>;tag=b1\r\n";
    text += "Call-ID: c1@192.0.2.1\r\nCSeq: 7 INVITE\r\n";
    if (!contact.empty()) text += "Contact: " + std::string(contact) + "\r\n";
    if (!rr1.empty()) text += "Record-Route: " + std::string(rr1) + "\r\n";
    if (!rr2.empty()) text += "Record-Route: " + std::string(rr2) + "\r\n";
    text += "Content-Length: 0\r\n\r\n";
    return test::parse(text);
}

std::vector<std::string> routes_of(const Message& m) {
    std::vector<std::string> out;
    auto c = m.values(HeaderId::Route);
    std::string_view v;
    while (c.next(v))
        out.emplace_back(v);
    return out;
}

// §12.1.2: UAC state from a 2xx: id, route set reversed, remote target, local seq.
TEST(DialogRfc3261_12_1_2, UacDialogFrom2xxReversesRecordRoute) {
    auto d = Dialog::from_response(
        invite(), response(200, "<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"), false);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->id().call_id, "c1@192.0.2.1");
    EXPECT_EQ(d->id().local_tag, "a1");
    EXPECT_EQ(d->id().remote_tag, "b1");
    EXPECT_EQ(d->state(), DialogState::Confirmed);
    ASSERT_EQ(d->route_set().size(), 2u);
    EXPECT_EQ(d->route_set()[0], "<sip:p1.example.com;lr>");
    EXPECT_EQ(d->route_set()[1], "<sip:p2.example.com;lr>");
    EXPECT_EQ(d->remote_target(), "sip:bob@192.0.2.2:5062");
    EXPECT_EQ(d->local_seq(), 7u);
    EXPECT_FALSE(d->remote_seq().has_value());
    EXPECT_EQ(d->remote_uri(), "Bob <sip:bob@example.com>;tag=b1");
    EXPECT_EQ(d->local_uri(), "Alice <sip:alice@example.com>;tag=a1");
    EXPECT_FALSE(d->secure());
}

// §12.1.2: a 1xx with a To tag makes an early dialog; one without a tag makes none.
TEST(DialogRfc3261_12_1_2, EarlyDialogFrom1xxWithTag) {
    auto d = Dialog::from_response(invite(), response(180, "", ""), true);
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(d->early());
    EXPECT_TRUE(d->secure());
    Message untagged = test::parse(
        "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
        "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\n"
        "Call-ID: c1@192.0.2.1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n");
    EXPECT_FALSE(Dialog::from_response(invite(), untagged, false).ok());
}

// §13.2.2.4: the 2xx confirms the early dialog and the route set is recomputed from it.
TEST(DialogRfc3261_12_1_2, ConfirmRecomputesRouteSetFrom2xx) {
    auto d = Dialog::from_response(invite(), response(183, "<sip:old.example.com;lr>", ""), false);
    ASSERT_TRUE(d.ok());
    d->confirm_from_response(
        response(200, "<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>", "<sip:bob@192.0.2.9>"));
    EXPECT_EQ(d->state(), DialogState::Confirmed);
    ASSERT_EQ(d->route_set().size(), 2u);
    EXPECT_EQ(d->route_set()[0], "<sip:p1.example.com;lr>");
    EXPECT_EQ(d->remote_target(), "sip:bob@192.0.2.9");
}

// §12.1.1: UAS state: route set in Record-Route order, remote seq from the request, local
// tag added to the To of requests we send.
TEST(DialogRfc3261_12_1_1, UasDialogKeepsRecordRouteOrder) {
    auto d = Dialog::from_request(invite(), "b1", false, false);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->id().local_tag, "b1");
    EXPECT_EQ(d->id().remote_tag, "a1");
    ASSERT_EQ(d->route_set().size(), 2u);
    EXPECT_EQ(d->route_set()[0], "<sip:p2.example.com;lr>");
    EXPECT_EQ(d->remote_seq(), 7u);
    EXPECT_FALSE(d->local_seq().has_value());
    EXPECT_EQ(d->remote_target(), "sip:alice@192.0.2.1:5060");
    EXPECT_EQ(d->local_uri(), "Bob <sip:bob@example.com>;tag=b1");
    // The UAS's first request takes CSeq 1 (an empty local sequence number).
    DialogRequest bye = d->make_request("BYE", "SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK-x");
    EXPECT_EQ(bye.request.header(HeaderId::CSeq), "1 BYE");
    EXPECT_EQ(bye.request.header(HeaderId::To), "Alice <sip:alice@example.com>;tag=a1");
    EXPECT_EQ(bye.request.header(HeaderId::From), "Bob <sip:bob@example.com>;tag=b1");
}

// §12.2.1.1 loose routing: Request-URI is the remote target, Route is the route set, and
// the request goes to the first route.
TEST(DialogRfc3261_12_2_1_1, LooseRoutingRequest) {
    auto d = Dialog::from_response(
        invite(), response(200, "<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"), false);
    ASSERT_TRUE(d.ok());
    DialogRequest r = d->make_request("BYE", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-b");
    EXPECT_EQ(r.request.request_uri_text(), "sip:bob@192.0.2.2:5062");
    EXPECT_EQ(routes_of(r.request),
              (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
    EXPECT_EQ(r.next_hop, "sip:p1.example.com;lr");
    EXPECT_EQ(r.request.header(HeaderId::CSeq), "8 BYE");
    EXPECT_EQ(r.request.header(HeaderId::MaxForwards), "70");
    EXPECT_EQ(d->local_seq(), 8u);
}

// §12.2.1.1 strict routing: the first route becomes the Request-URI, the remote target the
// last Route.
TEST(DialogRfc3261_12_2_1_1, StrictRoutingRequest) {
    auto d = Dialog::from_response(
        invite(), response(200, "<sip:p2.example.com;lr>", "<sip:p1.example.com>"), false);
    ASSERT_TRUE(d.ok());
    DialogRequest r = d->make_request("INFO", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-c");
    EXPECT_EQ(r.request.request_uri_text(), "sip:p1.example.com");
    EXPECT_EQ(routes_of(r.request),
              (std::vector<std::string>{"<sip:p2.example.com;lr>", "<sip:bob@192.0.2.2:5062>"}));
    EXPECT_EQ(r.next_hop, "sip:p1.example.com");
}

// §12.2.1.1: no route set: straight to the remote target. ACK keeps the INVITE's number.
TEST(DialogRfc3261_12_2_1_1, NoRouteSetAndAckCSeq) {
    auto d = Dialog::from_response(invite(), response(200, "", ""), false);
    ASSERT_TRUE(d.ok());
    DialogRequest ack = d->make_request("ACK", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-d", 7);
    EXPECT_EQ(ack.request.header(HeaderId::CSeq), "7 ACK");
    EXPECT_FALSE(ack.request.has(HeaderId::Route));
    EXPECT_EQ(ack.next_hop, "sip:bob@192.0.2.2:5062");
    EXPECT_EQ(d->local_seq(), 7u);  // the ACK took no new number
}

// §12.2.2: a request with a CSeq lower than the remote sequence number gets 500; higher
// ones move it up; ACK and CANCEL are not checked.
TEST(DialogRfc3261_12_2_2, LowerCSeqIsOutOfOrder) {
    auto d = Dialog::from_request(invite(), "b1", false, false);
    ASSERT_TRUE(d.ok());
    auto in_dialog = [](std::string_view method, int cseq) {
        test::RequestSpec spec;
        spec.method = std::string(method);
        spec.call_id = "c1@192.0.2.1";
        spec.from_tag = "a1";
        spec.to_tag = "b1";
        spec.cseq = static_cast<std::uint32_t>(cseq);
        return test::make_request(spec);
    };
    EXPECT_EQ(d->check_remote_request(in_dialog("INFO", 9)), 0);
    EXPECT_EQ(d->remote_seq(), 9u);
    EXPECT_EQ(d->check_remote_request(in_dialog("BYE", 8)), 500);
    EXPECT_EQ(d->remote_seq(), 9u);
    EXPECT_EQ(d->check_remote_request(in_dialog("ACK", 7)), 0);
    EXPECT_EQ(d->check_remote_request(in_dialog("BYE", 10)), 0);
}

// §12.2: a target refresh request's Contact replaces the remote target; none changes nothing.
TEST(DialogRfc3261_12_2, TargetRefreshFromContact) {
    auto d = Dialog::from_request(invite(), "b1", false, false);
    ASSERT_TRUE(d.ok());
    test::RequestSpec spec;
    spec.method = "INVITE";
    spec.extra_headers = "Contact: <sip:alice@198.51.100.7:5070>\r\n";
    d->refresh_target(test::make_request(spec));
    EXPECT_EQ(d->remote_target(), "sip:alice@198.51.100.7:5070");
    spec.extra_headers.clear();
    d->refresh_target(test::make_request(spec));
    EXPECT_EQ(d->remote_target(), "sip:alice@198.51.100.7:5070");
}

}  // namespace
}  // namespace dialtone::dialog
