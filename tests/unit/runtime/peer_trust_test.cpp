// The proxy's trusted peers (config proxy.trusted_peers): addresses and CIDR prefixes.

#include "runtime/peer_trust.hpp"

#include <gtest/gtest.h>

namespace dialtone::runtime {
namespace {

PeerTrust parse(const std::vector<std::string>& entries) {
    std::string error;
    auto t = PeerTrust::parse(entries, error);
    EXPECT_TRUE(t.has_value()) << error;
    return t.value_or(PeerTrust{});
}

TEST(PeerTrust, SingleAddressMatchesOnlyItself) {
    PeerTrust t = parse({"192.0.2.7"});
    EXPECT_TRUE(t.contains("192.0.2.7"));
    EXPECT_FALSE(t.contains("192.0.2.8"));
    EXPECT_FALSE(t.contains("not an address"));
}

TEST(PeerTrust, PrefixesMatchTheirRangeOnBitBoundaries) {
    PeerTrust t = parse({"10.0.0.0/8", "198.51.100.128/25", "2001:db8::/33"});
    EXPECT_TRUE(t.contains("10.255.1.2"));
    EXPECT_FALSE(t.contains("11.0.0.1"));
    EXPECT_TRUE(t.contains("198.51.100.200"));
    EXPECT_FALSE(t.contains("198.51.100.127"));
    EXPECT_TRUE(t.contains("2001:db8:7fff::1"));
    EXPECT_FALSE(t.contains("2001:db8:8000::1"));
}

// A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
TEST(PeerTrust, MappedIpv6MatchesIpv4Prefix) {
    PeerTrust t = parse({"127.0.0.0/8"});
    EXPECT_TRUE(t.contains("::ffff:127.0.0.1"));
    EXPECT_FALSE(t.contains("::1"));
}

TEST(PeerTrust, ZeroLengthPrefixTrustsTheWholeFamily) {
    PeerTrust t = parse({"0.0.0.0/0"});
    EXPECT_TRUE(t.contains("203.0.113.9"));
    EXPECT_FALSE(t.contains("2001:db8::1"));
}

TEST(PeerTrust, BadEntriesAreNamed) {
    std::string error;
    EXPECT_FALSE(PeerTrust::parse({"10.0.0.0/33"}, error).has_value());
    EXPECT_NE(error.find("10.0.0.0/33"), std::string::npos);
    EXPECT_FALSE(PeerTrust::parse({"example.test"}, error).has_value());
    EXPECT_NE(error.find("example.test"), std::string::npos);
}

}  // namespace
}  // namespace dialtone::runtime
