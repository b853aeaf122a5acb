// next_hop (RFC 3261 §8.1.2, §16.6 step 7) and make_attempt (§8.1.1.7, §18.1.1, RFC 3581).

#include "dialtone/sip/transport/next_hop.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/via.hpp"
#include "dialtone/sip/transport/attempt_request.hpp"

namespace dialtone::transport {
namespace {

message::Message request(std::string uri, std::string routes = {}, std::string body = {}) {
    std::string text = "OPTIONS " + uri + " SIP/2.0\r\n" + routes +
                       "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\n"
                       "To: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n"
                       "Content-Length: 0\r\n\r\n";
    auto m = message::Message::parse(text);
    EXPECT_TRUE(m.ok()) << text;
    if (!m.ok()) return message::Message::response(500);
    if (!body.empty()) m->set_body(body, "text/plain");
    return std::move(*m);
}

TEST(NextHop, RequestUriWithoutRoute_Rfc3261_8_1_2) {
    auto hop = next_hop(request("sip:bob@example.com:5070;transport=tcp"));
    ASSERT_TRUE(hop.ok());
    EXPECT_EQ(hop->target, "example.com");
    EXPECT_EQ(hop->port, 5070);
    EXPECT_EQ(hop->transport, Transport::Tcp);
}

TEST(NextHop, LooseRouteWins_Rfc3261_16_6) {
    auto hop = next_hop(request(
        "sip:bob@example.com", "Route: <sip:proxy.example.net;lr>\r\nRoute: <sip:p2.test;lr>\r\n"));
    ASSERT_TRUE(hop.ok());
    EXPECT_EQ(hop->target, "proxy.example.net");
}

TEST(NextHop, StrictRouteLeavesTheRequestUri_Rfc3261_12_2_1_1) {
    // The TU that follows a strict router has already made it the Request-URI.
    auto hop = next_hop(request("sip:strict.example.net", "Route: <sip:bob@example.com>\r\n"));
    ASSERT_TRUE(hop.ok());
    EXPECT_EQ(hop->target, "strict.example.net");
}

TEST(NextHop, SipsIsSecure_Rfc3263_4_1) {
    auto hop = next_hop(request("sips:bob@example.com"));
    ASSERT_TRUE(hop.ok());
    EXPECT_TRUE(hop->secure);
}

TEST(NextHop, OtherSchemesAre416) {
    auto hop = next_hop(request("tel:+15551234"));
    ASSERT_FALSE(hop.ok());
    EXPECT_EQ(hop.error().status, 416);
}

ResolvedTarget udp_target(bool pinned = false) {
    ResolvedTarget t;
    t.endpoint = Endpoint{Transport::Udp, "192.0.2.9", 5080};
    t.transport_pinned = pinned;
    return t;
}

auto sent_by_for = [](const Endpoint& to) {
    return SentBy{"198.51.100.1",
                  static_cast<std::uint16_t>(to.transport == Transport::Udp ? 5060 : 5062)};
};

TEST(MakeAttempt, TopViaCarriesTransportSentByBranchAndRport_Rfc3261_8_1_1_7_Rfc3581) {
    AttemptRequest a =
        make_attempt(request("sip:bob@example.com"), udp_target(), "z9hG4bK-a1", sent_by_for);
    EXPECT_FALSE(a.too_large);
    EXPECT_EQ(a.destination, (Endpoint{Transport::Udp, "192.0.2.9", 5080}));
    auto via = a.request.top_via();
    ASSERT_TRUE(via.ok());
    EXPECT_EQ(via->transport, "UDP");
    EXPECT_EQ(via->host.text, "198.51.100.1");
    EXPECT_EQ(via->port, 5060);
    EXPECT_EQ(via->branch, "z9hG4bK-a1");
    EXPECT_TRUE(via->has_rport);
    EXPECT_EQ(a.request.count(message::HeaderId::Via), 1u);
}

TEST(MakeAttempt, Ipv6SentByIsBracketed) {
    EXPECT_EQ(via_value(Transport::Tcp, SentBy{"2001:db8::1", 5060}, "z9hG4bKx"),
              "SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKx;rport");
}

TEST(MakeAttempt, LargeUdpRequestMovesToTcpWithItsVia_Rfc3261_18_1_1) {
    AttemptRequest a = make_attempt(request("sip:bob@example.com", {}, std::string(1400, 'x')),
                                    udp_target(), "z9hG4bK-a2", sent_by_for);
    EXPECT_FALSE(a.too_large);
    EXPECT_EQ(a.destination, (Endpoint{Transport::Tcp, "192.0.2.9", 5080}));
    auto via = a.request.top_via();
    ASSERT_TRUE(via.ok());
    EXPECT_EQ(via->transport, "TCP");
    EXPECT_EQ(via->port, 5062);
    EXPECT_EQ(a.request.count(message::HeaderId::Via), 1u);
}

TEST(MakeAttempt, PinnedUdpBeyondADatagramIsTooLarge_Rfc3261_18_1_1) {
    AttemptRequest a = make_attempt(request("sip:bob@example.com", {}, std::string(70000, 'x')),
                                    udp_target(true), "z9hG4bK-a3", sent_by_for);
    EXPECT_TRUE(a.too_large);
    AttemptRequest kept = make_attempt(request("sip:bob@example.com", {}, std::string(1400, 'x')),
                                       udp_target(true), "z9hG4bK-a4", sent_by_for);
    EXPECT_FALSE(kept.too_large);
    EXPECT_EQ(kept.destination.transport, Transport::Udp);
}

}  // namespace
}  // namespace dialtone::transport
