// RFC 3261 §16.6 request forwarding: copy, Request-URI, Record-Route (single, and double
// when the outbound interface differs), our Via with the loop-hash branch.

#include "server/proxy/loop_detection.hpp"
#include "unit/server/proxy/proxy_fixture.hpp"

namespace dialtone::server::proxy::test {
namespace {

std::vector<std::string> values(const Message& m, HeaderId id) {
    std::vector<std::string> out;
    std::string_view v;
    auto cur = m.values(id);
    while (cur.next(v))
        out.emplace_back(v);
    return out;
}

class ProxyForwarding : public ProxyTest {
  protected:
    void SetUp() override { add_binding("sip:bob@example.test", "sip:bob@203.0.113.5:5062"); }
};

// §16.6 steps 1-4, 8: the copy keeps the caller's headers, gets the contact as Request-URI,
// our Record-Route with lr, and our Via on top with a branch whose second half is the loop
// hash.
TEST_F(ProxyForwarding, Rfc3261_16_6_CopyRewriteRecordRouteVia) {
    auto out = send(req(Req{.extra = "X-Custom: kept byte for byte\r\n"}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_TRUE(fw[0].record_routed);
    Message m = finish_forward(fw[0], in_if);
    EXPECT_EQ(m.request_uri_text(), "sip:bob@203.0.113.5:5062");
    EXPECT_EQ(m.header("X-Custom"), "kept byte for byte");
    EXPECT_EQ(values(m, HeaderId::RecordRoute),
              (std::vector<std::string>{"<sip:192.0.2.100:5060;lr>"}));
    auto vias = values(m, HeaderId::Via);
    ASSERT_EQ(vias.size(), 2u);
    EXPECT_EQ(vias[1], "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKcaller1");
    auto top = m.top_via();
    ASSERT_TRUE(top.ok());
    EXPECT_EQ(top->host.text, "192.0.2.100");
    EXPECT_EQ(top->port, 5060);
    ASSERT_TRUE(branch_loop_part(top->branch).has_value());
}

// §16.6 step 4: when the request leaves by another transport or address, a second
// Record-Route names the outbound side, on top, so each side's route set reaches us on
// its own side (RFC 5658 double Record-Route).
TEST_F(ProxyForwarding, Rfc3261_16_6_DoubleRecordRouteOnInterfaceChange) {
    auto out = send(req(Req{}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    Interface tcp{transport::Transport::Tcp, "192.0.2.100", 5060};
    Message m = finish_forward(fw[0], tcp);
    EXPECT_EQ(values(m, HeaderId::RecordRoute),
              (std::vector<std::string>{"<sip:192.0.2.100:5060;transport=tcp;lr>",
                                        "<sip:192.0.2.100:5060;lr>"}));
    EXPECT_EQ(m.top_via()->transport, "TCP");
}

// Record-Route only for requests that can create a dialog, and not when switched off.
TEST_F(ProxyForwarding, Rfc3261_16_6_RecordRoutePolicy) {
    auto out = send(req(Req{.method = "MESSAGE"}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_FALSE(fw[0].record_routed);
    EXPECT_FALSE(fw[0].request.has(HeaderId::RecordRoute));

    config.record_route = false;
    rebuild();
    auto out2 = send(req(Req{.call_id = "c2"}));
    auto fw2 = all_of<Forward>(out2);
    ASSERT_EQ(fw2.size(), 1u);
    EXPECT_FALSE(fw2[0].request.has(HeaderId::RecordRoute));
}

// §16.12.1 / §16.4: an in-dialog request carrying our Route (we record-routed the dialog)
// goes to its Request-URI without a new Record-Route, and without authentication.
TEST_F(ProxyForwarding, Rfc3261_16_4_InDialogByeFollowsRoute) {
    Req bye;
    bye.method = "BYE";
    bye.ruri = "sip:bob@203.0.113.5:5062";
    bye.from = "sip:alice@example.test";  // a local user: no challenge inside a dialog
    bye.to = "sip:bob@example.test";
    bye.to_tag = "callee1";
    bye.routes = {"<sip:192.0.2.100:5060;lr>"};
    auto out = send(req(bye));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_FALSE(fw[0].request.has(HeaderId::Route));
    EXPECT_FALSE(fw[0].request.has(HeaderId::RecordRoute));
    EXPECT_EQ(fw[0].hop.uri, "sip:bob@203.0.113.5:5062");
    EXPECT_TRUE(all_of<SendResponse>(out).empty()) << "no 100 Trying for a BYE";
}

}  // namespace
}  // namespace dialtone::server::proxy::test
