// request_transport: the RFC 3261 §18.1.1 size rule and sips -> TLS (§26.2.2).

#include "dialtone/sip/transport/request_transport.hpp"

#include <gtest/gtest.h>

namespace dialtone::transport {
namespace {

TEST(RequestTransport, UpTo1300BytesStaysOnUdp_Rfc3261_18_1_1) {
    const TransportDecision d = request_transport(Transport::Udp, false, 1300);
    EXPECT_EQ(d.transport, Transport::Udp);
    EXPECT_FALSE(d.switched);
    EXPECT_FALSE(d.too_large);
}

TEST(RequestTransport, LargerThan1300BytesGoesOverTcp_Rfc3261_18_1_1) {
    const TransportDecision d = request_transport(Transport::Udp, false, 1301);
    EXPECT_EQ(d.transport, Transport::Tcp);
    EXPECT_TRUE(d.switched);
    EXPECT_FALSE(d.too_large);
}

TEST(RequestTransport, KnownPathMtuWithin200Bytes_Rfc3261_18_1_1) {
    UdpSizeRule rule;
    rule.path_mtu = 1500;
    EXPECT_EQ(request_transport(Transport::Udp, false, 1300, rule).transport, Transport::Udp);
    EXPECT_EQ(request_transport(Transport::Udp, false, 1301, rule).transport, Transport::Tcp);
    // A jumbo-frame path carries much more before the rule bites.
    rule.path_mtu = 9000;
    EXPECT_EQ(request_transport(Transport::Udp, false, 8800, rule).transport, Transport::Udp);
    EXPECT_EQ(request_transport(Transport::Udp, false, 8801, rule).transport, Transport::Tcp);
}

TEST(RequestTransport, ConfigurableLimitAndMargin_Rfc3261_18_1_1) {
    UdpSizeRule rule;
    rule.unknown_mtu_limit = 1000;
    EXPECT_TRUE(needs_congestion_control(1001, rule));
    EXPECT_FALSE(needs_congestion_control(1000, rule));
    rule.path_mtu = 1400;
    rule.mtu_margin = 100;
    EXPECT_FALSE(needs_congestion_control(1300, rule));
    EXPECT_TRUE(needs_congestion_control(1301, rule));
}

TEST(RequestTransport, UriPinnedUdpIsKeptForLargeRequests_Rfc3263_4_1) {
    const TransportDecision d = request_transport(Transport::Udp, true, 5000);
    EXPECT_EQ(d.transport, Transport::Udp);
    EXPECT_FALSE(d.switched);
    EXPECT_FALSE(d.too_large);
}

TEST(RequestTransport, PinnedUdpBeyondAnyDatagramIsTooLarge_Rfc3261_18_1_1) {
    EXPECT_FALSE(request_transport(Transport::Udp, true, kMaxUdpPayload).too_large);
    const TransportDecision d = request_transport(Transport::Udp, true, kMaxUdpPayload + 1);
    EXPECT_TRUE(d.too_large);
    EXPECT_EQ(d.transport, Transport::Udp);
}

TEST(RequestTransport, ReliableTransportsAreNeverChanged_Rfc3261_18_1_1) {
    for (Transport t : {Transport::Tcp, Transport::Tls}) {
        const TransportDecision d = request_transport(t, false, 100000);
        EXPECT_EQ(d.transport, t);
        EXPECT_FALSE(d.switched);
        EXPECT_FALSE(d.too_large);
    }
}

TEST(RequestTransport, ResolvedTargetCarriesThePin_Rfc3261_18_1_1) {
    ResolvedTarget chosen_by_dns;
    chosen_by_dns.endpoint = Endpoint{Transport::Udp, "192.0.2.1", 5060};
    EXPECT_EQ(request_transport(chosen_by_dns, 2000).transport, Transport::Tcp);
    ResolvedTarget pinned = chosen_by_dns;
    pinned.transport_pinned = true;
    EXPECT_EQ(request_transport(pinned, 2000).transport, Transport::Udp);
}

TEST(RequestTransport, SipsNeedsTls_Rfc3261_26_2_2) {
    EXPECT_TRUE(transport_allowed(true, Transport::Tls));
    EXPECT_FALSE(transport_allowed(true, Transport::Tcp));
    EXPECT_FALSE(transport_allowed(true, Transport::Udp));
    EXPECT_TRUE(transport_allowed(false, Transport::Udp));
    EXPECT_TRUE(transport_allowed(false, Transport::Tls));
}

}  // namespace
}  // namespace dialtone::transport
