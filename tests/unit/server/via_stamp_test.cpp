// stamp_via: RFC 3261 §18.2.1 (received) and RFC 3581 §4 (rport).

#include "server/via_stamp.hpp"

#include <gtest/gtest.h>

namespace dialtone::server {
namespace {

TEST(ViaStamp, SameIpNoRportLeavesViaAlone_Rfc3261_18_2_1) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa", "192.0.2.1", 5060),
              std::nullopt);
}

TEST(ViaStamp, DifferentIpAddsReceived_Rfc3261_18_2_1) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa", "198.51.100.7", 5060),
              "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa;received=198.51.100.7");
}

TEST(ViaStamp, DomainSentByAddsReceived_Rfc3261_18_2_1) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP pc33.example.com;branch=z9hG4bKa", "192.0.2.4", 5060),
              "SIP/2.0/UDP pc33.example.com;branch=z9hG4bKa;received=192.0.2.4");
}

TEST(ViaStamp, BareRportGetsPortAndReceivedEvenIfSameIp_Rfc3581_4) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKk", "10.1.1.1", 9988),
              "SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKk;received=10.1.1.1");
}

TEST(ViaStamp, RportAtEndAndNatAddress_Rfc3581_4) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP 10.1.1.1:4540;branch=z9hG4bKk;rport", "192.0.2.1", 9988),
              "SIP/2.0/UDP 10.1.1.1:4540;branch=z9hG4bKk;rport=9988;received=192.0.2.1");
}

TEST(ViaStamp, RportWithValueIsLeftAlone_Rfc3581_4) {
    // Only a bare rport asks for the port; a valued one is not the client's request.
    EXPECT_EQ(stamp_via("SIP/2.0/UDP 10.1.1.1:4540;rport=1234;branch=z9hG4bKk", "10.1.1.1", 9988),
              std::nullopt);
}

TEST(ViaStamp, ExistingReceivedIsOverwrittenNotDuplicated) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP a.example;received=1.2.3.4;branch=z9hG4bKk", "5.6.7.8", 5060),
              "SIP/2.0/UDP a.example;received=5.6.7.8;branch=z9hG4bKk");
}

TEST(ViaStamp, Ipv6SameAddressInOtherSpelling_Rfc5118) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111", "2001:db8:0:0:0:0:9:1",
                        5060),
              std::nullopt);
}

TEST(ViaStamp, Ipv6ReceivedHasNoBrackets_Rfc5118_4_5) {
    EXPECT_EQ(
        stamp_via("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111", "2001:db8::9:255", 5060),
        "SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;received=2001:db8::9:255");
}

TEST(ViaStamp, ZoneIdIsDropped) {
    EXPECT_EQ(stamp_via("SIP/2.0/UDP [fe80::1];branch=z9hG4bKa", "fe80::2%eth0", 5060),
              "SIP/2.0/UDP [fe80::1];branch=z9hG4bKa;received=fe80::2");
}

TEST(ViaStamp, UnparseableViaIsNotTouched) {
    EXPECT_EQ(stamp_via("garbage", "192.0.2.1", 5060), std::nullopt);
}

TEST(SameIp, ComparesAddressesNotText) {
    EXPECT_TRUE(same_ip("::1", "0:0:0:0:0:0:0:1"));
    EXPECT_TRUE(same_ip("127.0.0.1", "127.0.0.1"));
    EXPECT_FALSE(same_ip("127.0.0.1", "127.0.0.2"));
    EXPECT_FALSE(same_ip("127.0.0.1", "::1"));
    EXPECT_FALSE(same_ip("example.com", "192.0.2.1"));
    EXPECT_TRUE(same_ip("Example.COM", "example.com"));
}

}  // namespace
}  // namespace dialtone::server
