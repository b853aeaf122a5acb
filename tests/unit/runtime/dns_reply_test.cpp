// answer_from_reply: c-ares statuses and parsed replies as sans-I/O DnsAnswers.

#include "runtime/dns_reply.hpp"

#include <ares.h>
#include <gtest/gtest.h>

#include "unit/runtime/dns_test_packet.hpp"

namespace dialtone::runtime {
namespace {

using namespace testing;
using transport::DnsAnswer;
using transport::DnsQuery;
using transport::DnsStatus;
using transport::DnsType;

DnsAnswer parse(const DnsQuery& q, const Bytes& reply) {
    return answer_from_reply(q, ARES_SUCCESS, reply.data(), reply.size());
}

TEST(DnsReply, NaptrRecordsAndTheirTtl_Rfc3403) {
    const Bytes reply =
        response(1, "example.test", kTypeNaptr,
                 {{"example.test", kTypeNaptr, 600,
                   naptr_rdata(10, 20, "S", "SIP+D2U", "_sip._udp.example.test")},
                  {"example.test", kTypeNaptr, 300,
                   naptr_rdata(30, 40, "s", "SIPS+D2T", "_sips._tcp.example.test")}});
    const DnsAnswer a = parse({"example.test", DnsType::Naptr}, reply);
    ASSERT_EQ(a.status, DnsStatus::Ok);
    ASSERT_EQ(a.naptr.size(), 2u);
    EXPECT_EQ(a.naptr[0],
              (transport::NaptrRecord{10, 20, "S", "SIP+D2U", "", "_sip._udp.example.test"}));
    EXPECT_EQ(a.naptr[1].service, "SIPS+D2T");
    EXPECT_EQ(a.ttl_seconds, 300u);
}

TEST(DnsReply, SrvRecordsAndTheirTtl_Rfc2782) {
    const Bytes reply = response(
        1, "_sip._tcp.example.test", kTypeSrv,
        {{"_sip._tcp.example.test", kTypeSrv, 90, srv_rdata(10, 60, 5070, "a.example.test")},
         {"_sip._tcp.example.test", kTypeSrv, 900, srv_rdata(20, 0, 5071, "b.example.test")}});
    const DnsAnswer a = parse({"_sip._tcp.example.test", DnsType::Srv}, reply);
    ASSERT_EQ(a.status, DnsStatus::Ok);
    ASSERT_EQ(a.srv.size(), 2u);
    EXPECT_EQ(a.srv[0], (transport::SrvRecord{10, 60, 5070, "a.example.test"}));
    EXPECT_EQ(a.srv[1], (transport::SrvRecord{20, 0, 5071, "b.example.test"}));
    EXPECT_EQ(a.ttl_seconds, 90u);
}

TEST(DnsReply, AddressRecordsAndTheirTtl) {
    const Bytes v4 = response(1, "example.test", kTypeA,
                              {{"example.test", kTypeA, 100, a_rdata("192.0.2.1")},
                               {"example.test", kTypeA, 50, a_rdata("192.0.2.2")}});
    const DnsAnswer a = parse({"example.test", DnsType::A}, v4);
    ASSERT_EQ(a.status, DnsStatus::Ok);
    EXPECT_EQ(a.addresses, (std::vector<std::string>{"192.0.2.1", "192.0.2.2"}));
    EXPECT_EQ(a.ttl_seconds, 50u);
    const Bytes v6 = response(1, "example.test", kTypeAaaa,
                              {{"example.test", kTypeAaaa, 70, aaaa_rdata("2001:db8::1")}});
    const DnsAnswer b = parse({"example.test", DnsType::Aaaa}, v6);
    ASSERT_EQ(b.status, DnsStatus::Ok);
    EXPECT_EQ(b.addresses, (std::vector<std::string>{"2001:db8::1"}));
    EXPECT_EQ(b.ttl_seconds, 70u);
}

TEST(DnsReply, NotFoundAndNoDataAreNoRecords_Rfc2308) {
    EXPECT_EQ(answer_from_reply({"x.test", DnsType::A}, ARES_ENOTFOUND, nullptr, 0).status,
              DnsStatus::NoRecords);
    EXPECT_EQ(answer_from_reply({"x.test", DnsType::A}, ARES_ENODATA, nullptr, 0).status,
              DnsStatus::NoRecords);
    // NOERROR whose answers are of another type (only a CNAME): no data for the question.
    const Bytes reply =
        response(1, "x.test", kTypeNaptr, {{"x.test", kTypeCname, 60, name_rdata("y.test")}});
    EXPECT_EQ(parse({"x.test", DnsType::Naptr}, reply).status, DnsStatus::NoRecords);
    const Bytes srv_reply = response(1, "_sip._udp.x.test", kTypeSrv,
                                     {{"_sip._udp.x.test", kTypeCname, 60, name_rdata("y.test")}});
    EXPECT_EQ(parse({"_sip._udp.x.test", DnsType::Srv}, srv_reply).status, DnsStatus::NoRecords);
}

TEST(DnsReply, ErrorsAreFailedAnswersWithAReason) {
    const DnsAnswer timeout =
        answer_from_reply({"x.test", DnsType::Srv}, ARES_ETIMEOUT, nullptr, 0);
    EXPECT_EQ(timeout.status, DnsStatus::Failed);
    EXPECT_EQ(timeout.error, "timeout");
    EXPECT_EQ(answer_from_reply({"x.test", DnsType::Srv}, ARES_ESERVFAIL, nullptr, 0).status,
              DnsStatus::Failed);
    const Bytes garbage = {0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00};
    const DnsAnswer bad = parse({"x.test", DnsType::Srv}, garbage);
    EXPECT_EQ(bad.status, DnsStatus::Failed);
    EXPECT_FALSE(bad.error.empty());
    EXPECT_TRUE(bad.srv.empty());
}

TEST(DnsReply, TypeCodes_Rfc3263) {
    EXPECT_EQ(dns_type_code(DnsType::A), 1);
    EXPECT_EQ(dns_type_code(DnsType::Aaaa), 28);
    EXPECT_EQ(dns_type_code(DnsType::Srv), 33);
    EXPECT_EQ(dns_type_code(DnsType::Naptr), 35);
}

}  // namespace
}  // namespace dialtone::runtime
