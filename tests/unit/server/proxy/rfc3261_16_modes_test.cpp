// Caller authentication by the proxy (RFC 3261 §22.3, 407), redirect mode (§8.3), stateless
// proxying (§16.11) and the ACK for a 2xx (§16.6, §13.2.2.4).

#include "dialtone/sip/auth/digest_client.hpp"
#include "server/proxy/loop_detection.hpp"
#include "unit/server/proxy/proxy_fixture.hpp"

namespace dialtone::server::proxy::test {
namespace {

class ProxyModes : public ProxyTest {
  protected:
    void SetUp() override { add_binding("sip:bob@example.test", "sip:bob@203.0.113.5:5062"); }
};

// §22.3: a request whose From claims a local user, from an untrusted source, is challenged
// 407 with Proxy-Authenticate; answered with the right password it is forwarded; a user
// authenticating as someone else than its From is 403.
TEST_F(ProxyModes, Rfc3261_22_3_LocalCallerChallenged407) {
    Req r;
    r.from = "sip:alice@example.test";
    auto out = send(req(r));
    Message challenge = only_response(out);
    ASSERT_EQ(challenge.status(), 407);
    EXPECT_TRUE(challenge.has(HeaderId::ProxyAuthenticate));
    EXPECT_TRUE(all_of<Forward>(out).empty());

    auth::DigestClient client(
        auth::ClientCredentials{.username = "alice", .password = "wonderland"},
        auth::random_cnonce_source());
    auto answer = client.answer(challenge, "INVITE", r.ruri);
    ASSERT_TRUE(answer.ok()) << answer.error().description();
    Req again = r;
    again.cseq = 2;
    again.extra = "Proxy-Authorization: " + answer->value + "\r\n";
    out = send(req(again));
    EXPECT_EQ(all_of<Forward>(out).size(), 1u);

    // bob's password, alice's From, on a fresh challenge.
    Req fresh = r;
    fresh.cseq = 3;
    out = send(req(fresh));
    Message challenge2 = only_response(out);
    ASSERT_EQ(challenge2.status(), 407);
    auth::DigestClient impostor(auth::ClientCredentials{.username = "bob", .password = "builder"},
                                auth::random_cnonce_source());
    auto bad = impostor.answer(challenge2, "INVITE", r.ruri);
    ASSERT_TRUE(bad.ok());
    Req spoof = r;
    spoof.cseq = 4;
    spoof.extra = "Proxy-Authorization: " + bad->value + "\r\n";
    out = send(req(spoof));
    EXPECT_EQ(only_response(out).status(), 403);
}

// Trusted peers (by source address) are not challenged; strangers calling a local user
// are not either (that is an incoming call), but may not relay.
TEST_F(ProxyModes, Rfc3261_22_3_TrustedPeersSkipAuthentication) {
    config.trusted_peers = {"198.51.100.7"};
    Req r;
    r.from = "sip:alice@example.test";
    auto out = send(req(r));
    EXPECT_EQ(all_of<Forward>(out).size(), 1u);
    EXPECT_EQ(all_of<SendResponse>(out).size(), 1u);  // the 100 Trying only
}

// §8.3 redirect mode for a domain: 302 with the contact, 300 with several and their q.
TEST_F(ProxyModes, Rfc3261_8_3_RedirectDomain) {
    config.redirect_domains = {"example.test"};
    auto out = send(req(Req{}));
    Message r = only_response(out);
    EXPECT_EQ(r.status(), 302);
    EXPECT_EQ(r.header(HeaderId::Contact), "<sip:bob@203.0.113.5:5062>");
    EXPECT_TRUE(all_of<Forward>(out).empty());

    add_binding("sip:bob@example.test", "sip:bob@203.0.113.6:5062", 500);
    out = send(req(Req{.call_id = "c2"}));
    r = only_response(out);
    EXPECT_EQ(r.status(), 300);
    std::vector<std::string> contacts;
    std::string_view v;
    auto cur = r.values(HeaderId::Contact);
    while (cur.next(v))
        contacts.emplace_back(v);
    EXPECT_EQ(contacts, (std::vector<std::string>{"<sip:bob@203.0.113.5:5062>;q=1",
                                                  "<sip:bob@203.0.113.6:5062>;q=0.5"}));
}

// Redirect mode for a dial-plan rule.
TEST_F(ProxyModes, Rfc3261_8_3_RedirectRule) {
    DialRule rule{.name = "redir",
                  .kind = PatternKind::Prefix,
                  .pattern = "7",
                  .targets = {DialTarget{"sip:pbx.example.net", std::nullopt}},
                  .mode = RouteMode::Redirect,
                  .require_trust = false};
    config.dial_plan = {rule};
    auto out = send(req(Req{.ruri = "sip:7001@example.test"}));
    Message r = only_response(out);
    EXPECT_EQ(r.status(), 302);
    EXPECT_EQ(r.header(HeaderId::Contact), "<sip:7001@pbx.example.net>");
}

// §16.11: a stateless rule forwards without a context, with a branch computed from the
// request: a retransmission, and the CANCEL, take the same branch; a response comes back
// through on_stray_response with our Via removed.
TEST_F(ProxyModes, Rfc3261_16_11_StatelessBranchIsDeterministic) {
    DialRule rule{.name = "lb",
                  .kind = PatternKind::Prefix,
                  .pattern = "55",
                  .targets = {DialTarget{"sip:media.example.net", std::nullopt}},
                  .mode = RouteMode::Stateless};
    config.dial_plan = {rule};
    config.trusted_peers = {"198.51.100.7"};
    auto run = [&](const Req& r) {
        std::vector<Action> out;
        auto m = std::make_shared<const Message>(req(r));
        EXPECT_TRUE(proxy().on_stateless_request(
            {{},
             m,
             transport::Endpoint{transport::Transport::Udp, "198.51.100.7", 5060},
             in_if,
             false},
            now, kWallMs, out));
        auto fw = all_of<Forward>(out);
        EXPECT_EQ(fw.size(), 1u);
        return fw.empty() ? std::string() : fw[0].branch_param;
    };
    Req invite{.ruri = "sip:5512@example.test"};
    const std::string b1 = run(invite);
    EXPECT_EQ(run(invite), b1) << "retransmission";
    Req cancel = invite;
    cancel.method = "CANCEL";
    EXPECT_EQ(run(cancel), b1) << "CANCEL takes the INVITE's branch";
    Req other = invite;
    other.via = "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKcaller2";
    other.call_id = "call-9";
    EXPECT_NE(run(other), b1);
    EXPECT_EQ(proxy().contexts(), 0u);

    // Requests of no stateless rule are left to the transaction layer.
    std::vector<Action> none;
    auto m = std::make_shared<const Message>(req(Req{}));
    EXPECT_FALSE(proxy().on_stateless_request(
        {{}, m, transport::Endpoint{transport::Transport::Udp, "198.51.100.7", 5060}, in_if, false},
        now, kWallMs, none));
    EXPECT_TRUE(none.empty());

    // The downstream response: our Via goes, the rest is sent by the next Via.
    Message fwd = req(invite);
    fwd.push_via("SIP/2.0/UDP 192.0.2.100:5060;branch=" + b1);
    std::vector<Action> back;
    proxy().on_stray_response(reply_to(fwd, 180), back);
    auto s = all_of<SendStatelessResponse>(back);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].response.top_via()->branch, "z9hG4bKcaller1");
    // Not ours on top: dropped.
    back.clear();
    proxy().on_stray_response(reply_to(req(invite), 180), back);
    EXPECT_TRUE(back.empty());
}

// §16.6 / §13.2.2.4: the ACK for a 2xx follows the dialog's Route through us, statelessly.
TEST_F(ProxyModes, Rfc3261_16_6_AckFor2xxForwardedByRoute) {
    Req ack;
    ack.method = "ACK";
    ack.ruri = "sip:bob@203.0.113.5:5062";
    ack.to = "sip:bob@example.test";
    ack.to_tag = "callee1";
    ack.via = "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKack1";
    ack.routes = {"<sip:192.0.2.100:5060;lr>"};
    std::vector<Action> out;
    auto m = std::make_shared<const Message>(req(ack));
    proxy().on_ack(
        {{}, m, transport::Endpoint{transport::Transport::Udp, "198.51.100.7", 5060}, in_if, false},
        now, kWallMs, out);
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_FALSE(fw[0].server);
    EXPECT_EQ(fw[0].hop.uri, "sip:bob@203.0.113.5:5062");
    EXPECT_FALSE(fw[0].request.has(HeaderId::Route));
    EXPECT_FALSE(fw[0].request.has(HeaderId::RecordRoute));
    EXPECT_TRUE(all_of<SendResponse>(out).empty());

    // An ACK relayed by a stranger without our Route goes nowhere.
    out.clear();
    Req stray = ack;
    stray.routes.clear();
    stray.ruri = "sip:x@elsewhere.test";
    auto m2 = std::make_shared<const Message>(req(stray));
    proxy().on_ack({{},
                    m2,
                    transport::Endpoint{transport::Transport::Udp, "198.51.100.7", 5060},
                    in_if,
                    false},
                   now, kWallMs, out);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace dialtone::server::proxy::test
