// locate_request_from_uri: what RFC 3263 §4 reads from a URI (TARGET, port, transport).

#include "dialtone/sip/transport/locate_request.hpp"

#include <gtest/gtest.h>

namespace dialtone::transport {
namespace {

message::Result<LocateRequest> from(std::string_view text) {
    const auto uri = message::parse_uri(text);
    EXPECT_TRUE(uri.ok()) << text;
    return locate_request_from_uri(*uri);
}

TEST(LocateRequest, HostNameIsNormalized_Rfc4343) {
    const auto r = from("sip:alice@Example.TEST.");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->target, "example.test");
    EXPECT_FALSE(r->numeric);
    EXPECT_FALSE(r->port.has_value());
    EXPECT_FALSE(r->transport.has_value());
    EXPECT_FALSE(r->secure);
}

TEST(LocateRequest, NumericHostsLoseTheirBrackets) {
    const auto v4 = from("sip:192.0.2.1:5080");
    ASSERT_TRUE(v4.ok());
    EXPECT_TRUE(v4->numeric);
    EXPECT_EQ(v4->target, "192.0.2.1");
    EXPECT_EQ(v4->port, std::optional<std::uint16_t>(5080));
    const auto v6 = from("sips:[2001:db8::1]");
    ASSERT_TRUE(v6.ok());
    EXPECT_TRUE(v6->numeric);
    EXPECT_EQ(v6->target, "2001:db8::1");
    EXPECT_TRUE(v6->secure);
}

TEST(LocateRequest, MaddrIsTheTarget_Rfc3263_4) {
    const auto name = from("sip:bob@example.test;maddr=Proxy.Example.Test");
    ASSERT_TRUE(name.ok());
    EXPECT_EQ(name->target, "proxy.example.test");
    EXPECT_FALSE(name->numeric);
    const auto v6 = from("sip:bob@example.test:5070;maddr=[2001:db8::9]");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->target, "2001:db8::9");
    EXPECT_TRUE(v6->numeric);
    EXPECT_EQ(v6->port, std::optional<std::uint16_t>(5070));
}

TEST(LocateRequest, TransportParameter_Rfc3263_4_1) {
    const auto tcp = from("sip:example.test;transport=TCP");
    ASSERT_TRUE(tcp.ok());
    EXPECT_EQ(tcp->transport, std::optional<Transport>(Transport::Tcp));
    const auto tls = from("sip:example.test;transport=tls");
    ASSERT_TRUE(tls.ok());
    EXPECT_EQ(tls->transport, std::optional<Transport>(Transport::Tls));
}

TEST(LocateRequest, SipsWithTransportTcpMeansTls_Rfc3263_4_1) {
    const auto r = from("sips:example.test;transport=tcp");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->transport, std::optional<Transport>(Transport::Tls));
    EXPECT_TRUE(r->secure);
}

TEST(LocateRequest, SipsWithUdpIsRefused_Rfc3261_26_2_2) {
    const auto r = from("sips:example.test;transport=udp");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 400);
    EXPECT_NE(r.error().description().find("sips"), std::string::npos);
}

TEST(LocateRequest, RefusedTargets) {
    const auto tel = from("tel:+15551234567");
    ASSERT_FALSE(tel.ok());
    EXPECT_EQ(tel.error().status, 416);
    EXPECT_FALSE(from("sip:example.test;transport=sctp").ok());
    EXPECT_FALSE(from("sip:example.test;transport=ws").ok());
    EXPECT_FALSE(from("sip:example.test;maddr=-bad-").ok());
    EXPECT_FALSE(from("sip:example.test:0").ok());
}

TEST(LocateRequest, DefaultPorts_Rfc3261_19_1_2) {
    EXPECT_EQ(default_port(Transport::Udp), 5060);
    EXPECT_EQ(default_port(Transport::Tcp), 5060);
    EXPECT_EQ(default_port(Transport::Tls), 5061);
}

}  // namespace
}  // namespace dialtone::transport
