// RFC 3261 §16.5 target determination: the location service for our domains (Path as
// Route, q-values), 404 / 480, the dial plan, and other domains only for trusted senders.

#include "server/proxy/dial_plan.hpp"
#include "unit/server/proxy/proxy_fixture.hpp"

namespace dialtone::server::proxy::test {
namespace {

std::vector<std::string> routes_of(const Message& m) {
    std::vector<std::string> out;
    std::string_view v;
    auto cur = m.values(HeaderId::Route);
    while (cur.next(v))
        out.emplace_back(v);
    return out;
}

// §16.5: an unknown user of our domain is 404.
TEST_F(ProxyTest, Rfc3261_16_5_UnknownLocalUserIs404) {
    auto out = send(req(Req{.ruri = "sip:nobody@example.test"}));
    EXPECT_EQ(only_response(out).status(), 404);
}

// §16.5 / §21.4.18: a known user with no current binding is 480.
TEST_F(ProxyTest, Rfc3261_16_5_KnownUserWithoutBindingIs480) {
    auto out = send(req(Req{.ruri = "sip:dave@example.test"}));
    EXPECT_EQ(only_response(out).status(), 480);
}

// §16.5: the contacts of the AoR are the targets; a binding's Path becomes Route (RFC 3327
// §5.3) and the next hop is its first element.
TEST_F(ProxyTest, Rfc3261_16_5_ContactsWithPathBecomeRoute) {
    add_binding("sip:bob@example.test", "sip:bob@10.0.0.5:5062", 1000,
                "<sip:edge1.example.test;lr>, <sip:edge2.example.test;lr>");
    auto out = send(req(Req{}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:bob@10.0.0.5:5062");
    EXPECT_EQ(routes_of(fw[0].request), (std::vector<std::string>{"<sip:edge1.example.test;lr>",
                                                                  "<sip:edge2.example.test;lr>"}));
    EXPECT_EQ(fw[0].hop.uri, "sip:edge1.example.test;lr");
    EXPECT_FALSE(fw[0].hop.endpoint.has_value());
}

// Without Path, the binding's registration source is the explicit next hop (NAT).
TEST_F(ProxyTest, Rfc3261_16_5_RegistrationSourceIsNextHop) {
    add_binding("sip:bob@example.test", "sip:bob@10.0.0.5:5062", 1000, {}, "tcp:203.0.113.5:40001");
    auto out = send(req(Req{}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    ASSERT_TRUE(fw[0].hop.endpoint.has_value());
    EXPECT_EQ(*fw[0].hop.endpoint,
              (transport::Endpoint{transport::Transport::Tcp, "203.0.113.5", 40001}));
    EXPECT_EQ(fw[0].hop.uri, "sip:bob@10.0.0.5:5062");
}

// Never an open relay: another domain is refused to an unauthenticated stranger, and
// forwarded (the Request-URI as the only target, resolved by RFC 3263) for a trusted peer.
TEST_F(ProxyTest, Rfc3261_16_5_ForeignDomainOnlyForTrustedSenders) {
    auto out = send(req(Req{.ruri = "sip:someone@elsewhere.test"}));
    EXPECT_EQ(only_response(out).status(), 403);
    EXPECT_TRUE(all_of<Forward>(out).empty());

    config.trusted_peers = {"198.51.100.7"};
    rebuild();
    out = send(req(Req{.ruri = "sip:someone@elsewhere.test", .call_id = "c2"}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(fw[0].hop.uri, "sip:someone@elsewhere.test");
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:someone@elsewhere.test");
}

// A Route set the request arrived with (not ours) is a relay request too.
TEST_F(ProxyTest, Rfc3261_16_5_PreloadedForeignRouteNeedsTrust) {
    auto out =
        send(req(Req{.ruri = "sip:bob@example.test", .routes = {"<sip:victim.example.net;lr>"}}));
    EXPECT_EQ(only_response(out).status(), 403);
}

// Dial plan: a Cisco-style destination pattern, strip and prefix, targets in failover
// order (one group each), explicit endpoint targets.
TEST_F(ProxyTest, Rfc3261_16_5_DialPlanRuleRewritesAndFailsOver) {
    DialRule rule;
    rule.name = "gw";
    rule.kind = PatternKind::DigitPattern;
    rule.pattern = "1111....";
    rule.strip = 4;
    rule.prefix = "+4420";
    rule.targets = {DialTarget{"sip:gw1.example.net", std::nullopt},
                    DialTarget{"sip:gw2.example.net:5080",
                               transport::Endpoint{transport::Transport::Udp, "192.0.2.50", 5080}}};
    config.dial_plan = {rule};
    config.trusted_peers = {"198.51.100.7"};
    auto out = send(req(Req{.ruri = "sip:11115555@example.test"}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u) << "only the first target is tried first";
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:+44205555@gw1.example.net");
    EXPECT_EQ(fw[0].hop.uri, "sip:+44205555@gw1.example.net");

    // The first gateway is unavailable: the second one is tried (failover).
    Message sent = finish_forward(fw[0], in_if);
    out = respond(fw[0].branch, reply_to(sent, 503));
    fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:+44205555@gw2.example.net:5080");
    ASSERT_TRUE(fw[0].hop.endpoint.has_value());
    EXPECT_EQ(fw[0].hop.endpoint->ip, "192.0.2.50");
    EXPECT_TRUE(all_of<SendResponse>(out).empty()) << "no final while a target is left";

    // The second fails too: 503 is turned into 500 (§16.7 step 6).
    sent = finish_forward(fw[0], in_if);
    out = respond(fw[0].branch, reply_to(sent, 503));
    EXPECT_EQ(only_response(out).status(), 500);
    EXPECT_EQ(proxy().contexts(), 0u);
}

// Dial-plan rules are for trusted senders by default (a gateway costs money).
TEST_F(ProxyTest, Rfc3261_16_5_DialPlanNeedsTrust) {
    DialRule rule;
    rule.kind = PatternKind::Prefix;
    rule.pattern = "00";
    rule.targets = {DialTarget{"sip:gw1.example.net", std::nullopt}};
    config.dial_plan = {rule};
    auto out = send(req(Req{.ruri = "sip:0044123@example.test"}));
    EXPECT_EQ(only_response(out).status(), 403);
}

TEST(DialPlan, PatternsMatchAsConfigured) {
    std::string error;
    DialRule prefix{.name = "p",
                    .kind = PatternKind::Prefix,
                    .pattern = "00",
                    .targets = {DialTarget{"sip:a", std::nullopt}}};
    DialRule digits{.name = "d",
                    .kind = PatternKind::DigitPattern,
                    .pattern = "1111....",
                    .targets = {DialTarget{"sip:b", std::nullopt}}};
    DialRule open{.name = "o",
                  .kind = PatternKind::DigitPattern,
                  .pattern = "9T",
                  .targets = {DialTarget{"sip:c", std::nullopt}}};
    DialRule regex{.name = "r",
                   .kind = PatternKind::Regex,
                   .pattern = "[2-4][0-9]{3}",
                   .targets = {DialTarget{"sip:d", std::nullopt}}};
    auto plan = DialPlan::compile({prefix, digits, open, regex}, error);
    ASSERT_TRUE(plan.has_value()) << error;
    auto name = [&](std::string_view user) {
        auto m = plan->match(user, true, false);
        return m ? m->rule->name : std::string("-");
    };
    EXPECT_EQ(name("0033"), "p");
    EXPECT_EQ(name("11112222"), "d");
    EXPECT_EQ(name("1111222"), "-");    // too short for the digit pattern
    EXPECT_EQ(name("111122223"), "-");  // too long
    EXPECT_EQ(name("9"), "o");
    EXPECT_EQ(name("912345"), "o");
    EXPECT_EQ(name("3999"), "r");
    EXPECT_EQ(name("5999"), "-");
    EXPECT_EQ(name(std::string(200, '3')), "-");  // over kMaxRegexUser: never a regex match
    // Rules without any_domain match only our domains.
    EXPECT_FALSE(plan->match("0033", false, false).has_value());
    EXPECT_TRUE(plan->match("0033", false, true).has_value());  // tel: URIs

    DialRule bad{.name = "bad",
                 .kind = PatternKind::Regex,
                 .pattern = "([",
                 .targets = {DialTarget{"sip:x", std::nullopt}}};
    EXPECT_FALSE(DialPlan::compile({bad}, error).has_value());
    EXPECT_NE(error.find("bad"), std::string::npos);
    DialRule no_targets{.name = "empty", .pattern = "1"};
    EXPECT_FALSE(DialPlan::compile({no_targets}, error).has_value());
    EXPECT_NE(error.find("empty"), std::string::npos);
}

}  // namespace
}  // namespace dialtone::server::proxy::test
