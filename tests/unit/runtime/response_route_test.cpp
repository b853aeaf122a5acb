// Where a response goes when not over the request's connection: RFC 3261 §18.2.2 and
// RFC 3581 §4, read from the top Via of the response.

#include "runtime/response_route.hpp"

#include <gtest/gtest.h>

namespace dialtone::runtime {
namespace {

using transport::Endpoint;
using transport::Transport;

std::optional<Endpoint> route(std::string_view via, Transport t) {
    auto parsed = message::parse_via(via);
    EXPECT_TRUE(parsed.ok()) << via;
    std::string error;
    auto out = response_destination(*parsed, t, error);
    if (!out) {
        EXPECT_FALSE(error.empty());
    }
    return out;
}

TEST(ResponseRoute, UdpReceivedAndRport_Rfc3581_4) {
    EXPECT_EQ(route("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1;received=203.0.113.9;rport=61000",
                    Transport::Udp),
              (Endpoint{Transport::Udp, "203.0.113.9", 61000}));
}

TEST(ResponseRoute, UdpReceivedWithoutRportUsesSentByPort_Rfc3261_18_2_2) {
    EXPECT_EQ(
        route("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1;received=203.0.113.9", Transport::Udp),
        (Endpoint{Transport::Udp, "203.0.113.9", 5070}));
    // No port in sent-by: the default port.
    EXPECT_EQ(
        route("SIP/2.0/UDP pc.example.com;branch=z9hG4bK1;received=203.0.113.9", Transport::Udp),
        (Endpoint{Transport::Udp, "203.0.113.9", 5060}));
}

TEST(ResponseRoute, UdpSentByWhenNoReceived_Rfc3261_18_2_2) {
    EXPECT_EQ(route("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1", Transport::Udp),
              (Endpoint{Transport::Udp, "192.0.2.1", 5070}));
    EXPECT_EQ(route("SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1", Transport::Udp),
              (Endpoint{Transport::Udp, "2001:db8::1", 5070}));
}

TEST(ResponseRoute, UdpMaddr_Rfc3261_18_2_2) {
    EXPECT_EQ(route("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1;maddr=239.255.255.1;"
                    "received=203.0.113.9;rport=1234",
                    Transport::Udp),
              (Endpoint{Transport::Udp, "239.255.255.1", 5070}));
}

TEST(ResponseRoute, ReliableUsesReceivedAndSentByPortNotRport_Rfc3261_18_2_2) {
    // rport only steers unreliable transports (RFC 3581 §4); maddr only multicast (UDP).
    EXPECT_EQ(route("SIP/2.0/TCP 192.0.2.1:5070;branch=z9hG4bK1;received=203.0.113.9;rport=61000;"
                    "maddr=239.255.255.1",
                    Transport::Tcp),
              (Endpoint{Transport::Tcp, "203.0.113.9", 5070}));
    EXPECT_EQ(route("SIP/2.0/TLS client.example.com;branch=z9hG4bK1;received=203.0.113.9",
                    Transport::Tls),
              (Endpoint{Transport::Tls, "203.0.113.9", 5061}));  // §19.1.2 default for TLS
}

TEST(ResponseRoute, HostNameNeedsResolution_Rfc3263_5) {
    EXPECT_EQ(route("SIP/2.0/UDP pc.example.com:5070;branch=z9hG4bK1", Transport::Udp),
              std::nullopt);
}

TEST(ResponseRoute, BadRportIsAnError) {
    EXPECT_EQ(
        route("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1;received=192.0.2.9;rport=0", Transport::Udp),
        std::nullopt);
}

TEST(ResponseRoute, FromSerializedResponse) {
    const std::string response =
        "SIP/2.0 200 OK\r\n"
        "v: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1;received=198.51.100.2;rport=7000, "
        "SIP/2.0/UDP 192.0.2.200;branch=z9hG4bK2\r\n"
        "Via: SIP/2.0/UDP 192.0.2.201;branch=z9hG4bK3\r\n"
        "Content-Length: 0\r\n\r\n";
    std::string error;
    EXPECT_EQ(response_destination(response, Transport::Udp, error),
              (Endpoint{Transport::Udp, "198.51.100.2", 7000}));
    EXPECT_EQ(
        response_destination("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", Transport::Udp, error),
        std::nullopt);
    EXPECT_NE(error.find("no Via"), std::string::npos);
}

}  // namespace
}  // namespace dialtone::runtime
