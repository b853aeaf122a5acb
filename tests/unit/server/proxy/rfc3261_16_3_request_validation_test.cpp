// RFC 3261 §16.3 request validation by a proxy, §16.4 Route pre-processing, and the loop
// detection of §16.3 step 4 with the branch of §16.6 step 8.

#include "server/proxy/loop_detection.hpp"
#include "server/proxy/route_preprocess.hpp"
#include "unit/server/proxy/proxy_fixture.hpp"

namespace dialtone::server::proxy::test {
namespace {

class ProxyValidation : public ProxyTest {
  protected:
    void SetUp() override { add_binding("sip:bob@example.test", "sip:bob@203.0.113.5:5062"); }
};

// §16.3 step 2: a Request-URI scheme the proxy does not understand is 416.
TEST_F(ProxyValidation, Rfc3261_16_3_UnknownSchemeIs416) {
    Req r;
    r.ruri = "http://example.test/bob";
    r.to = "sip:bob@example.test";
    auto out = send(req(r));
    EXPECT_EQ(only_response(out).status(), 416);
    EXPECT_TRUE(all_of<Forward>(out).empty());
}

// §16.3 step 3: Max-Forwards 0 is 483 Too Many Hops.
TEST_F(ProxyValidation, Rfc3261_16_3_MaxForwardsZeroIs483) {
    Req r;
    r.max_forwards = "0";
    auto out = send(req(r));
    EXPECT_EQ(only_response(out).status(), 483);
    EXPECT_TRUE(all_of<Forward>(out).empty());
}

// §16.6 step 3: Max-Forwards is decremented, and added as 70 when missing.
TEST_F(ProxyValidation, Rfc3261_16_6_MaxForwardsDecrementedOrAdded) {
    Req r;
    r.max_forwards = "5";
    auto out = send(req(r));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(*fw[0].request.max_forwards(), 4u);

    Req none;
    none.max_forwards = "";
    none.call_id = "call-2";
    out = send(req(none));
    fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(*fw[0].request.max_forwards(), 70u);
}

// §16.3 step 5: an option tag in Proxy-Require the proxy does not support is 420 with
// Unsupported listing it; a supported one passes.
TEST_F(ProxyValidation, Rfc3261_16_3_ProxyRequireUnknownIs420WithUnsupported) {
    Req r;
    r.extra = "Proxy-Require: foo, bar\r\n";
    config.supported_extensions = {"bar"};
    auto out = send(req(r));
    Message resp = only_response(out);
    EXPECT_EQ(resp.status(), 420);
    EXPECT_EQ(resp.header(HeaderId::Unsupported), "foo");

    Req ok;
    ok.extra = "Proxy-Require: bar\r\n";
    ok.call_id = "call-ok";
    out = send(req(ok));
    EXPECT_EQ(all_of<Forward>(out).size(), 1u);
}

// §16.4: our own Route on top is removed (loose routing); the next Route is the next hop.
TEST_F(ProxyValidation, Rfc3261_16_4_OwnTopRouteRemoved) {
    Message m = req(Req{.ruri = "sip:bob@203.0.113.5:5062",
                        .to_tag = "t1",
                        .routes = {"<sip:192.0.2.100:5060;lr>", "<sip:next.example.net;lr>"}});
    RoutePreprocessing p = preprocess_routes(m, config);
    EXPECT_TRUE(p.own_route_removed);
    EXPECT_FALSE(p.strict_route_restored);
    std::string_view top;
    auto cur = m.values(HeaderId::Route);
    ASSERT_TRUE(cur.next(top));
    EXPECT_EQ(top, "<sip:next.example.net;lr>");
    EXPECT_FALSE(cur.next(top));
}

// §16.4: a strict router put our Record-Route URI in the Request-URI; the last Route is
// the real Request-URI and is removed from the Route set.
TEST_F(ProxyValidation, Rfc3261_16_4_StrictRouterRequestUriRestored) {
    Message m = req(Req{.ruri = "sip:192.0.2.100:5060;lr",
                        .to = "sip:bob@example.test",
                        .to_tag = "t1",
                        .routes = {"<sip:p2.example.net;lr>", "<sip:bob@203.0.113.5:5062>"}});
    RoutePreprocessing p = preprocess_routes(m, config);
    EXPECT_TRUE(p.strict_route_restored);
    EXPECT_EQ(m.request_uri_text(), "sip:bob@203.0.113.5:5062");
    std::vector<std::string_view> routes;
    std::string_view v;
    auto cur = m.values(HeaderId::Route);
    while (cur.next(v))
        routes.push_back(v);
    ASSERT_EQ(routes.size(), 1u);
    EXPECT_EQ(routes[0], "<sip:p2.example.net;lr>");
}

// §16.6 step 8: the branch is "z9hG4bK" + unique + "." + loop hash; the loop half comes back.
TEST(ProxyBranch, Rfc3261_16_6_BranchCarriesLoopHash) {
    const std::string b = make_branch(0x1234, 0xabcdef);
    EXPECT_EQ(b.substr(0, 7), "z9hG4bK");
    ASSERT_TRUE(branch_loop_part(b).has_value());
    EXPECT_EQ(*branch_loop_part(b), 0xabcdefu);
    EXPECT_FALSE(branch_loop_part("z9hG4bKsomethingelse").has_value());
    // A retry to another RFC 3263 destination is a new transaction with the same loop half.
    const std::string r = retry_branch(b, 1);
    EXPECT_NE(r, b);
    EXPECT_EQ(branch_loop_part(r), branch_loop_part(b));
}

// §16.3 step 4: a request that comes back with our Via and unchanged routing fields is a
// loop (482); one whose Request-URI changed on the way is a spiral and is forwarded.
TEST_F(ProxyValidation, Rfc3261_16_3_LoopIs482SpiralIsForwarded) {
    config.trusted_peers = {"198.51.100.7"};
    // The first pass: forwarded to a foreign domain (the sender is trusted).
    Req first;
    first.ruri = "sip:bob@elsewhere.test";
    auto out = send(req(first));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    Message sent = finish_forward(fw[0], in_if);

    // It comes back unchanged through another proxy: a loop.
    Message back = sent;
    back.push_via("SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bKother1");
    out = send(std::move(back), "203.0.113.9");
    EXPECT_EQ(only_response(out).status(), 482);

    // It comes back retargeted (elsewhere.test sent it to one of our users): a spiral.
    Message spiral = sent;
    spiral.push_via("SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bKother2");
    spiral.set_request_uri("sip:bob@example.test");
    out = send(std::move(spiral), "203.0.113.9");
    for (SendResponse& r : all_of<SendResponse>(out))
        EXPECT_EQ(r.response.status(), 100);
    EXPECT_EQ(all_of<Forward>(out).size(), 1u);
}

}  // namespace
}  // namespace dialtone::server::proxy::test

namespace dialtone::server::proxy::test {
namespace {

// DESIGN.md §2.4: odd input from the network gets an answer or is forwarded, never a crash:
// every one of these requests comes out as exactly one final refusal or forwards.
TEST_F(ProxyValidation, OddRoutesAndViasAreHandled) {
    const std::vector<Req> odd = {
        Req{.routes = {"garbage"}},
        Req{.routes = {"<sip:192.0.2.100:5060;lr>", "<>"}},
        Req{.ruri = "sip:192.0.2.100:5060;lr", .to = "sip:bob@example.test", .routes = {"x"}},
        Req{.lower_vias = {"SIP/2.0/UDP 192.0.2.100:5060;branch=z9hG4bKshort"}},
        Req{.lower_vias =
                {"SIP/2.0/UDP 192.0.2.100:5060;branch=z9hG4bK0000000000000000.zzzzzzzzzzzzzzzz"}},
        Req{.ruri = "sip:@example.test"},
        Req{.ruri = "tel:+15551234"},
    };
    int i = 0;
    for (const Req& r : odd) {
        Req numbered = r;
        numbered.call_id = "odd-" + std::to_string(i++);
        auto m = Message::parse(text(numbered));
        if (!m.ok()) continue;  // the parser refuses it first: the runtime answers 400
        auto out = send(std::move(*m));
        int finals = 0;
        for (const SendResponse& s : all_of<SendResponse>(out))
            finals += s.response.status() >= 200;
        const std::size_t forwards = all_of<Forward>(out).size();
        EXPECT_TRUE((finals == 1 && forwards == 0) || (finals == 0 && forwards > 0))
            << text(numbered);
    }
}

}  // namespace
}  // namespace dialtone::server::proxy::test
