// RFC 3261 §16.5: which Request-URIs name users of this proxy. A phone beside the proxy
// (same IP, another port) is not one of them; a zero-config proxy (no domain configured)
// serves every domain but never relays; a dialog's remote target goes on by its route set.

#include "unit/server/proxy/proxy_fixture.hpp"

namespace dialtone::server::proxy::test {
namespace {

// §16.5 with §12.2.1.1: an in-dialog request that came by our Record-Route goes to its
// Request-URI (the peer's Contact), even when that Contact is on our own IP address.
TEST_F(ProxyTest, Rfc3261_16_5_DialogTargetOnOurAddressIsForwarded) {
    auto out = send(req(Req{.method = "BYE",
                            .ruri = "sip:bob@192.0.2.100:5070",
                            .to = "sip:bob@example.test",
                            .to_tag = "t1",
                            .routes = {"<sip:192.0.2.100:5060;lr>"}}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:bob@192.0.2.100:5070");
    EXPECT_EQ(fw[0].hop.uri, "sip:bob@192.0.2.100:5070");
}

// Our interface at its port names our users (an AoR written with the server's address).
TEST_F(ProxyTest, Rfc3261_16_5_OurAddressAndPortIsOurDomain) {
    add_binding("sip:bob@192.0.2.100", "sip:bob@10.0.0.5:5062");
    auto out = send(req(Req{.ruri = "sip:bob@192.0.2.100:5060"}));
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:bob@10.0.0.5:5062");
}

// Another port on our address is somebody else: relaying there needs trust like any
// foreign destination.
TEST_F(ProxyTest, Rfc3261_16_5_OtherPortOnOurAddressIsNotOurs) {
    auto out = send(req(Req{.ruri = "sip:bob@192.0.2.100:5070"}));
    EXPECT_EQ(only_response(out).status(), 403);
}

// Zero-config: every domain is ours, so users are looked up (unknown: 404) and nothing is
// relayed to another domain, even for a trusted peer.
TEST_F(ProxyTest, Rfc3261_16_5_AnyDomainLooksUpAndNeverRelays) {
    config.domains.clear();
    config.any_domain = true;
    rebuild();
    add_binding("sip:bob@anything.test", "sip:bob@10.0.0.5:5062");
    auto out = send(req(Req{.ruri = "sip:bob@anything.test"}), "198.51.100.7", true);
    auto fw = all_of<Forward>(out);
    ASSERT_EQ(fw.size(), 1u);
    EXPECT_EQ(fw[0].request.request_uri_text(), "sip:bob@10.0.0.5:5062");

    out =
        send(req(Req{.ruri = "sip:someone@elsewhere.test", .call_id = "c2"}), "198.51.100.7", true);
    EXPECT_EQ(only_response(out).status(), 404);
    EXPECT_TRUE(all_of<Forward>(out).empty());
}

// Zero-config still checks §22.3: a From in any domain claims one of our users.
TEST_F(ProxyTest, Rfc3261_22_3_AnyDomainChallengesEveryCaller) {
    config.domains.clear();
    config.any_domain = true;
    rebuild();
    auto out = send(req(Req{.from = "sip:carol@remote.test"}));
    EXPECT_EQ(only_response(out).status(), 407);
}

}  // namespace
}  // namespace dialtone::server::proxy::test
