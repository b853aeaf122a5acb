// TargetList: the failover cursor of RFC 3263 §4.3, and a resolved list walked in order.

#include "dialtone/sip/transport/target_list.hpp"

#include <gtest/gtest.h>

#include "dialtone/sip/transport/server_locator.hpp"
#include "unit/transport/fake_zone.hpp"

namespace dialtone::transport {
namespace {

ResolvedTarget target(std::string ip, std::uint16_t port) {
    ResolvedTarget t;
    t.endpoint = Endpoint{Transport::Udp, std::move(ip), port};
    return t;
}

TEST(TargetList, NextWalksInOrderThenStaysExhausted_Rfc3263_4_3) {
    TargetList list({target("192.0.2.1", 5060), target("192.0.2.2", 5060)});
    ASSERT_NE(list.current(), nullptr);
    EXPECT_EQ(list.current()->endpoint.ip, "192.0.2.1");
    EXPECT_EQ(list.position(), 0u);
    EXPECT_EQ(list.remaining(), 2u);
    const ResolvedTarget* second = list.next();
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->endpoint.ip, "192.0.2.2");
    EXPECT_EQ(list.current(), second);
    EXPECT_EQ(list.remaining(), 1u);
    EXPECT_FALSE(list.exhausted());
    EXPECT_EQ(list.next(), nullptr);
    EXPECT_TRUE(list.exhausted());
    EXPECT_EQ(list.remaining(), 0u);
    EXPECT_EQ(list.next(), nullptr);
    EXPECT_EQ(list.position(), 2u);
    EXPECT_EQ(list.targets().size(), 2u);  // the list itself is kept for logs
}

TEST(TargetList, EmptyListIsExhaustedAtOnce) {
    TargetList list;
    EXPECT_TRUE(list.empty());
    EXPECT_TRUE(list.exhausted());
    EXPECT_EQ(list.current(), nullptr);
    EXPECT_EQ(list.next(), nullptr);
}

TEST(TargetList, FailoverGoesToTheNextSrvTargetThenTheNextTransport_Rfc3263_4_3) {
    testing::FakeZone z;
    z.naptr("example.test", 10, 10, "SIP+D2U", "_sip._udp.example.test")
        .naptr("example.test", 20, 10, "SIP+D2T", "_sip._tcp.example.test")
        .srv("_sip._udp.example.test", 10, 0, 5070, "a.example.test")
        .srv("_sip._udp.example.test", 20, 0, 5071, "b.example.test")
        .srv("_sip._tcp.example.test", 10, 0, 5080, "a.example.test")
        .a("a.example.test", "192.0.2.1")
        .a("b.example.test", "192.0.2.2");
    const auto uri = message::parse_uri("sip:example.test");
    ASSERT_TRUE(uri.ok());
    LocatorOptions options;
    options.ipv6 = false;
    ServerLocator locator(*locate_request_from_uri(*uri), options, testing::first_pick());
    z.drive(locator);
    TargetList list(locator.targets());
    // The first target times out (or answers 503): the caller moves on.
    ASSERT_NE(list.current(), nullptr);
    EXPECT_EQ(list.current()->endpoint, (Endpoint{Transport::Udp, "192.0.2.1", 5070}));
    ASSERT_NE(list.next(), nullptr);
    EXPECT_EQ(list.current()->endpoint, (Endpoint{Transport::Udp, "192.0.2.2", 5071}));
    ASSERT_NE(list.next(), nullptr);
    EXPECT_EQ(list.current()->endpoint, (Endpoint{Transport::Tcp, "192.0.2.1", 5080}));
    EXPECT_EQ(list.next(), nullptr);
}

}  // namespace
}  // namespace dialtone::transport
