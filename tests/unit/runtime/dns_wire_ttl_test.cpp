// smallest_answer_ttl: the TTL c-ares does not report for SRV and NAPTR.

#include "runtime/dns_wire_ttl.hpp"

#include <gtest/gtest.h>

#include "unit/runtime/dns_test_packet.hpp"

namespace dialtone::runtime {
namespace {

using namespace testing;

TEST(DnsWireTtl, SmallestTtlOfTheAskedType_Rfc1035_4_1_3) {
    const Bytes reply = response(
        7, "_sip._udp.example.test", kTypeSrv,
        {{"_sip._udp.example.test", kTypeSrv, 300, srv_rdata(10, 0, 5060, "a.example.test")},
         {"_sip._udp.example.test", kTypeSrv, 120, srv_rdata(20, 0, 5060, "b.example.test")},
         {"_sip._udp.example.test", kTypeA, 5, a_rdata("192.0.2.1")}});  // other type: ignored
    EXPECT_EQ(smallest_answer_ttl(reply.data(), reply.size(), kTypeSrv), 120u);
    EXPECT_EQ(smallest_answer_ttl(reply.data(), reply.size(), kTypeA), 5u);
    EXPECT_EQ(smallest_answer_ttl(reply.data(), reply.size(), kTypeNaptr), std::nullopt);
}

TEST(DnsWireTtl, AliasTtlCounts_Rfc1034_3_6_2) {
    const Bytes reply =
        response(7, "sip.example.test", kTypeA,
                 {{"sip.example.test", kTypeCname, 30, name_rdata("real.example.test")},
                  {"real.example.test", kTypeA, 600, a_rdata("192.0.2.1")}});
    EXPECT_EQ(smallest_answer_ttl(reply.data(), reply.size(), kTypeA), 30u);
}

TEST(DnsWireTtl, TtlWithTopBitSetIsZero_Rfc2181_8) {
    const Bytes reply = response(7, "example.test", kTypeA,
                                 {{"example.test", kTypeA, 0x80000001u, a_rdata("192.0.2.1")}});
    EXPECT_EQ(smallest_answer_ttl(reply.data(), reply.size(), kTypeA), 0u);
}

TEST(DnsWireTtl, CompressedOwnerNames_Rfc1035_4_1_4) {
    Bytes reply = response(7, "example.test", kTypeA, {});
    // Answer owner = pointer to the question name at offset 12.
    reply[7] = 1;  // ANCOUNT
    for (unsigned char c :
         {0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2A, 0x00, 0x04, 192, 0, 2, 1}) {
        reply.push_back(static_cast<unsigned char>(c));
    }
    EXPECT_EQ(smallest_answer_ttl(reply.data(), reply.size(), kTypeA), 42u);
}

TEST(DnsWireTtl, TruncatedOrEmptyInputIsNullopt) {
    const Bytes reply =
        response(7, "example.test", kTypeA, {{"example.test", kTypeA, 60, a_rdata("192.0.2.1")}});
    for (std::size_t cut = 0; cut < reply.size(); ++cut) {
        EXPECT_EQ(smallest_answer_ttl(reply.data(), cut, kTypeA), std::nullopt) << cut;
    }
    EXPECT_EQ(smallest_answer_ttl(nullptr, 0, kTypeA), std::nullopt);
}

}  // namespace
}  // namespace dialtone::runtime
