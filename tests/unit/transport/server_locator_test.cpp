// ServerLocator: the RFC 3263 §4 client procedure, driven by an in-memory zone.

#include "dialtone/sip/transport/server_locator.hpp"

#include <gtest/gtest.h>

#include "unit/transport/fake_zone.hpp"

namespace dialtone::transport {
namespace {

using testing::FakeZone;
using testing::first_pick;
using testing::q;

LocateRequest request_for(std::string_view text) {
    const auto uri = message::parse_uri(text);
    EXPECT_TRUE(uri.ok()) << text;
    const auto request = locate_request_from_uri(*uri);
    EXPECT_TRUE(request.ok()) << text << ": " << request.error().description();
    return request.ok() ? *request : LocateRequest{};
}

std::vector<Endpoint> endpoints(const ServerLocator& locator) {
    std::vector<Endpoint> out;
    for (const ResolvedTarget& t : locator.targets())
        out.push_back(t.endpoint);
    return out;
}

LocatorOptions ipv4_only() {
    LocatorOptions o;
    o.ipv6 = false;
    return o;
}

// A zone with the RFC 3263 §4.1 example shape: NAPTR for TLS, TCP and UDP, each pointing
// at its SRV set.
FakeZone full_zone() {
    FakeZone z;
    z.naptr("example.test", 50, 50, "SIPS+D2T", "_sips._tcp.example.test")
        .naptr("example.test", 90, 50, "SIP+D2T", "_sip._tcp.example.test")
        .naptr("example.test", 100, 50, "SIP+D2U", "_sip._udp.example.test")
        .srv("_sips._tcp.example.test", 0, 0, 5061, "tls.example.test")
        .srv("_sip._tcp.example.test", 0, 0, 5060, "tcp.example.test")
        .srv("_sip._udp.example.test", 0, 0, 5060, "udp.example.test")
        .a("tls.example.test", "192.0.2.1")
        .a("tcp.example.test", "192.0.2.2")
        .a("udp.example.test", "192.0.2.3");
    return z;
}

TEST(ServerLocator, NumericIpv4NeedsNoLookupAndDefaultsToUdp5060_Rfc3263_4_1) {
    ServerLocator locator(request_for("sip:192.0.2.9"), {}, first_pick());
    EXPECT_TRUE(locator.done());
    EXPECT_TRUE(locator.take_queries().empty());
    ASSERT_EQ(locator.targets().size(), 1u);
    EXPECT_EQ(locator.targets()[0].endpoint, (Endpoint{Transport::Udp, "192.0.2.9", 5060}));
    EXPECT_TRUE(locator.targets()[0].host.empty());
    EXPECT_FALSE(locator.targets()[0].transport_pinned);
}

TEST(ServerLocator, NumericIpv6SipsIsTls5061_Rfc3263_4_1) {
    ServerLocator locator(request_for("sips:[2001:db8::7]"), {}, first_pick());
    EXPECT_TRUE(locator.done());
    EXPECT_TRUE(locator.take_queries().empty());
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "2001:db8::7", 5061}}));
}

TEST(ServerLocator, NumericWithPortAndTransportUsesBoth_Rfc3263_4_1) {
    ServerLocator locator(request_for("sip:192.0.2.9:5080;transport=tcp"), {}, first_pick());
    ASSERT_TRUE(locator.done());
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tcp, "192.0.2.9", 5080}}));
    EXPECT_TRUE(locator.targets()[0].transport_pinned);
}

TEST(ServerLocator, MaddrNumericOverridesHostName_Rfc3263_4) {
    ServerLocator locator(request_for("sip:example.test;maddr=192.0.2.44"), {}, first_pick());
    EXPECT_TRUE(locator.done());
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.44", 5060}}));
}

TEST(ServerLocator, ExplicitPortSkipsNaptrAndSrv_Rfc3263_4_2) {
    FakeZone z = full_zone();
    z.a("example.test", "192.0.2.10").aaaa("example.test", "2001:db8::10");
    ServerLocator locator(request_for("sip:example.test:5070"), {}, first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("example.test", DnsType::A),
                                            q("example.test", DnsType::Aaaa)}));
    ASSERT_TRUE(locator.done());
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.10", 5070},
                                                         {Transport::Udp, "2001:db8::10", 5070}}));
    EXPECT_EQ(locator.targets()[0].address_record, DnsType::A);
    EXPECT_EQ(locator.targets()[1].address_record, DnsType::Aaaa);
    EXPECT_FALSE(locator.targets()[0].srv.has_value());
}

TEST(ServerLocator, ExplicitPortOnSipsUriMeansTls_Rfc3263_4_1) {
    FakeZone z;
    z.a("example.test", "192.0.2.10");
    ServerLocator locator(request_for("sips:example.test:5071"), ipv4_only(), first_pick());
    z.drive(locator);
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.10", 5071}}));
}

TEST(ServerLocator, ExplicitTransportAsksOnlyThatSrv_Rfc3263_4_2) {
    FakeZone z = full_zone();
    ServerLocator locator(request_for("sip:example.test;transport=tcp"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("_sip._tcp.example.test", DnsType::Srv),
                                            q("tcp.example.test", DnsType::A)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tcp, "192.0.2.2", 5060}}));
    ASSERT_TRUE(locator.targets()[0].srv.has_value());
    EXPECT_EQ(locator.targets()[0].srv->name, "_sip._tcp.example.test");
    EXPECT_FALSE(locator.targets()[0].naptr.has_value());
    EXPECT_TRUE(locator.targets()[0].transport_pinned);
}

TEST(ServerLocator, SipUriWithTlsTransportUsesSipsService_Rfc3263_4_2) {
    FakeZone z = full_zone();
    ServerLocator locator(request_for("sip:example.test;transport=tls"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    ASSERT_FALSE(asked.empty());
    EXPECT_EQ(asked[0], q("_sips._tcp.example.test", DnsType::Srv));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.1", 5061}}));
}

TEST(ServerLocator, ExplicitTransportWithoutSrvUsesAddressAndDefaultPort_Rfc3263_4_2) {
    FakeZone z;
    z.a("example.test", "192.0.2.20");
    ServerLocator locator(request_for("sips:example.test;transport=tcp"), ipv4_only(),
                          first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("_sips._tcp.example.test", DnsType::Srv),
                                            q("example.test", DnsType::A)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.20", 5061}}));
}

TEST(ServerLocator, NaptrRecordsFollowedByOrderThenPreference_Rfc3263_4_1) {
    FakeZone z;
    // Written out of order; preference breaks the tie inside order 10.
    z.naptr("example.test", 20, 10, "SIP+D2U", "_sip._udp.example.test")
        .naptr("example.test", 10, 20, "SIP+D2T", "_sip._tcp.example.test")
        .naptr("example.test", 10, 10, "SIPS+D2T", "_sips._tcp.example.test")
        .srv("_sip._udp.example.test", 1, 0, 5070, "u.example.test")
        .srv("_sip._tcp.example.test", 1, 0, 5080, "t.example.test")
        .srv("_sips._tcp.example.test", 1, 0, 5090, "s.example.test")
        .a("u.example.test", "192.0.2.1")
        .a("t.example.test", "192.0.2.2")
        .a("s.example.test", "192.0.2.3");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    ASSERT_GE(asked.size(), 4u);
    EXPECT_EQ(asked[0], q("example.test", DnsType::Naptr));
    EXPECT_EQ(asked[1], q("_sips._tcp.example.test", DnsType::Srv));
    EXPECT_EQ(asked[2], q("_sip._tcp.example.test", DnsType::Srv));
    EXPECT_EQ(asked[3], q("_sip._udp.example.test", DnsType::Srv));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.3", 5090},
                                                         {Transport::Tcp, "192.0.2.2", 5080},
                                                         {Transport::Udp, "192.0.2.1", 5070}}));
    ASSERT_TRUE(locator.targets()[0].naptr.has_value());
    EXPECT_EQ(*locator.targets()[0].naptr, (NaptrStep{10, 10, "SIPS+D2T"}));
    EXPECT_EQ(*locator.targets()[2].naptr, (NaptrStep{20, 10, "SIP+D2U"}));
}

TEST(ServerLocator, NaptrServicesNotSupportedAreSkipped_Rfc3263_4_1) {
    FakeZone z;
    z.naptr("example.test", 10, 10, "SIP+D2S", "_sip._sctp.example.test")        // SCTP
        .naptr("example.test", 11, 10, "SIP+D2W", "_sip._ws.example.test")       // WebSocket
        .naptr("example.test", 12, 10, "SIP+D2T", "_sip._tcp.example.test", "")  // not terminal
        .naptr("example.test", 13, 10, "E2U+sip", "_sip._udp.example.test")      // ENUM
        .naptr("example.test", 20, 10, "sip+d2u", "_sip._udp.example.test")      // case-insensitive
        .srv("_sip._udp.example.test", 1, 0, 5070, "u.example.test")
        .a("u.example.test", "192.0.2.1");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("example.test", DnsType::Naptr),
                                            q("_sip._udp.example.test", DnsType::Srv),
                                            q("u.example.test", DnsType::A)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.1", 5070}}));
}

TEST(ServerLocator, SipsUriFollowsOnlySipsNaptr_Rfc3263_4_1) {
    FakeZone z = full_zone();
    ServerLocator locator(request_for("sips:example.test"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("example.test", DnsType::Naptr),
                                            q("_sips._tcp.example.test", DnsType::Srv),
                                            q("tls.example.test", DnsType::A)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.1", 5061}}));
}

TEST(ServerLocator, SipUriKeepsSipsNaptrOnlyWhenTlsIsEnabled_Rfc3263_4_1) {
    FakeZone z = full_zone();
    ServerLocator with_tls(request_for("sip:example.test"), ipv4_only(), first_pick());
    z.drive(with_tls);
    EXPECT_EQ(endpoints(with_tls), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.1", 5061},
                                                          {Transport::Tcp, "192.0.2.2", 5060},
                                                          {Transport::Udp, "192.0.2.3", 5060}}));
    LocatorOptions no_tls = ipv4_only();
    no_tls.tls = false;
    ServerLocator without_tls(request_for("sip:example.test"), no_tls, first_pick());
    const auto asked = z.drive(without_tls);
    EXPECT_EQ(std::count(asked.begin(), asked.end(), q("_sips._tcp.example.test", DnsType::Srv)),
              0);
    EXPECT_EQ(endpoints(without_tls), (std::vector<Endpoint>{{Transport::Tcp, "192.0.2.2", 5060},
                                                             {Transport::Udp, "192.0.2.3", 5060}}));
}

TEST(ServerLocator, NoNaptrQueriesSrvForEachSupportedTransport_Rfc3263_4_1) {
    FakeZone z;
    z.srv("_sip._udp.example.test", 1, 0, 5070, "u.example.test")
        .srv("_sip._tcp.example.test", 1, 0, 5080, "t.example.test")
        .srv("_sips._tcp.example.test", 1, 0, 5090, "s.example.test")
        .a("u.example.test", "192.0.2.1")
        .a("t.example.test", "192.0.2.2")
        .a("s.example.test", "192.0.2.3");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    ASSERT_GE(asked.size(), 3u);
    EXPECT_EQ(asked[0], q("example.test", DnsType::Naptr));
    // "_sip" for SIP URIs: _sips._tcp is not part of the fallback for a sip: URI.
    EXPECT_EQ(asked[1], q("_sip._udp.example.test", DnsType::Srv));
    EXPECT_EQ(asked[2], q("_sip._tcp.example.test", DnsType::Srv));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.1", 5070},
                                                         {Transport::Tcp, "192.0.2.2", 5080}}));
    EXPECT_FALSE(locator.targets()[0].naptr.has_value());
    EXPECT_EQ(locator.targets()[1].srv->name, "_sip._tcp.example.test");
}

TEST(ServerLocator, NoNaptrOnSipsUriQueriesSipsTcpOnly_Rfc3263_4_1) {
    FakeZone z;
    z.srv("_sip._udp.example.test", 1, 0, 5070, "u.example.test")
        .srv("_sips._tcp.example.test", 1, 0, 5090, "s.example.test")
        .a("u.example.test", "192.0.2.1")
        .a("s.example.test", "192.0.2.3");
    ServerLocator locator(request_for("sips:example.test"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("example.test", DnsType::Naptr),
                                            q("_sips._tcp.example.test", DnsType::Srv),
                                            q("s.example.test", DnsType::A)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.3", 5090}}));
}

TEST(ServerLocator, OnlyUnsupportedNaptrFallsBackToSrvAndSaysWhy_Rfc3263_4_1) {
    FakeZone z;
    z.naptr("example.test", 10, 10, "SIP+D2S", "_sip._sctp.example.test")
        .srv("_sip._tcp.example.test", 1, 0, 5080, "t.example.test")
        .a("t.example.test", "192.0.2.2");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    z.drive(locator);
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tcp, "192.0.2.2", 5080}}));
    ASSERT_EQ(locator.problems().size(), 1u);
    EXPECT_NE(locator.problems()[0].find("no service this client supports"), std::string::npos);
}

TEST(ServerLocator, NoSrvUsesAddressOfDomainWithUdp5060_Rfc3263_4_2) {
    FakeZone z;
    z.a("example.test", "192.0.2.50").aaaa("example.test", "2001:db8::50");
    ServerLocator locator(request_for("sip:example.test"), {}, first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked,
              (std::vector<DnsQuery>{
                  q("example.test", DnsType::Naptr), q("_sip._udp.example.test", DnsType::Srv),
                  q("_sip._tcp.example.test", DnsType::Srv), q("example.test", DnsType::A),
                  q("example.test", DnsType::Aaaa)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.50", 5060},
                                                         {Transport::Udp, "2001:db8::50", 5060}}));
    EXPECT_EQ(locator.targets()[0].host, "example.test");
}

TEST(ServerLocator, NoSrvOnSipsUriUsesTls5061_Rfc3263_4_2) {
    FakeZone z;
    z.a("example.test", "192.0.2.50");
    ServerLocator locator(request_for("sips:example.test"), ipv4_only(), first_pick());
    z.drive(locator);
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Tls, "192.0.2.50", 5061}}));
}

TEST(ServerLocator, NaptrPresentButSrvEmptyFallsBackToAddress_Rfc3263_4_2) {
    FakeZone z;
    z.naptr("example.test", 10, 10, "SIP+D2T", "_sip._tcp.example.test")
        .a("example.test", "192.0.2.50");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    z.drive(locator);
    // §4.1: "If no SRV records are found, the client SHOULD use TCP for a SIPS URI, and
    // UDP for a SIP URI."
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.50", 5060}}));
}

TEST(ServerLocator, SrvTargetsInPriorityOrder_Rfc2782) {
    FakeZone z;
    z.srv("_sip._udp.example.test", 20, 0, 5072, "backup.example.test")
        .srv("_sip._udp.example.test", 10, 0, 5070, "primary.example.test")
        .a("backup.example.test", "192.0.2.2")
        .a("primary.example.test", "192.0.2.1");
    ServerLocator locator(request_for("sip:example.test;transport=udp"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("_sip._udp.example.test", DnsType::Srv),
                                            q("primary.example.test", DnsType::A),
                                            q("backup.example.test", DnsType::A)}));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.1", 5070},
                                                         {Transport::Udp, "192.0.2.2", 5072}}));
    EXPECT_EQ(locator.targets()[1].srv, (SrvStep{"_sip._udp.example.test", 20, 0}));
}

TEST(ServerLocator, SrvWeightsUseTheInjectedRandomSource_Rfc2782) {
    FakeZone z;
    z.srv("_sip._udp.example.test", 10, 10, 5070, "light.example.test")
        .srv("_sip._udp.example.test", 10, 90, 5071, "heavy.example.test")
        .a("light.example.test", "192.0.2.1")
        .a("heavy.example.test", "192.0.2.2");
    // Running sums light=10, heavy=100: 50 picks heavy first.
    ServerLocator locator(request_for("sip:example.test;transport=udp"), ipv4_only(),
                          [](std::uint32_t) { return 50u; });
    z.drive(locator);
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.2", 5071},
                                                         {Transport::Udp, "192.0.2.1", 5070}}));
}

TEST(ServerLocator, SingleDotSrvTargetMeansServiceUnavailable_Rfc2782) {
    FakeZone z;
    z.srv("_sip._udp.example.test", 0, 0, 0, ".").a("example.test", "192.0.2.50");
    ServerLocator locator(request_for("sip:example.test;transport=udp"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_TRUE(locator.done());
    EXPECT_TRUE(locator.targets().empty());
    // No A/AAAA fallback: the zone said the service is not offered.
    EXPECT_EQ(asked, (std::vector<DnsQuery>{q("_sip._udp.example.test", DnsType::Srv)}));
    ASSERT_EQ(locator.problems().size(), 1u);
    EXPECT_NE(locator.problems()[0].find("not available"), std::string::npos);
}

TEST(ServerLocator, FailedNaptrStillTriesSrvAndReportsTheFailure_Rfc3263_4_1) {
    FakeZone z;
    z.fail("example.test", DnsType::Naptr)
        .srv("_sip._udp.example.test", 1, 0, 5070, "u.example.test")
        .a("u.example.test", "192.0.2.1");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    z.drive(locator);
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.1", 5070}}));
    ASSERT_EQ(locator.problems().size(), 1u);
    EXPECT_EQ(locator.problems()[0], "NAPTR example.test: timeout");
    ASSERT_FALSE(locator.steps().empty());
    EXPECT_EQ(locator.steps()[0].status, DnsStatus::Failed);
}

TEST(ServerLocator, NothingResolvesGivesEmptyListAndTheSteps) {
    FakeZone z;
    ServerLocator locator(request_for("sip:nowhere.test"), {}, first_pick());
    z.drive(locator);
    EXPECT_TRUE(locator.done());
    EXPECT_TRUE(locator.targets().empty());
    EXPECT_EQ(locator.steps().size(), 5u);  // NAPTR, 2 SRV, A, AAAA
    for (const LookupStep& s : locator.steps())
        EXPECT_EQ(s.status, DnsStatus::NoRecords);
}

TEST(ServerLocator, AddressFamilyOrderAndSelection) {
    FakeZone z;
    z.a("example.test", "192.0.2.1").aaaa("example.test", "2001:db8::1");
    LocatorOptions v6_first;
    v6_first.ipv6_first = true;
    ServerLocator first6(request_for("sip:example.test:5060"), v6_first, first_pick());
    z.drive(first6);
    EXPECT_EQ(endpoints(first6), (std::vector<Endpoint>{{Transport::Udp, "2001:db8::1", 5060},
                                                        {Transport::Udp, "192.0.2.1", 5060}}));
    LocatorOptions only6;
    only6.ipv4 = false;
    ServerLocator v6(request_for("sip:example.test:5060"), only6, first_pick());
    EXPECT_EQ(z.drive(v6), (std::vector<DnsQuery>{q("example.test", DnsType::Aaaa)}));
    EXPECT_EQ(endpoints(v6), (std::vector<Endpoint>{{Transport::Udp, "2001:db8::1", 5060}}));
}

TEST(ServerLocator, SameEndpointIsListedOnce) {
    FakeZone z;
    // Two SRV records naming the same host and port (a zone typo) and two NAPTRs onto one
    // SRV name: one target, one SRV query.
    z.naptr("example.test", 10, 10, "SIP+D2U", "_sip._udp.example.test")
        .naptr("example.test", 20, 10, "SIP+D2U", "_sip._udp.example.test")
        .srv("_sip._udp.example.test", 1, 0, 5070, "u.example.test")
        .srv("_sip._udp.example.test", 2, 0, 5070, "U.Example.Test.")
        .a("u.example.test", "192.0.2.1");
    ServerLocator locator(request_for("sip:example.test"), ipv4_only(), first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked.size(), 3u);
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.1", 5070}}));
}

TEST(ServerLocator, FanOutIsBounded) {
    FakeZone z;
    for (int i = 0; i < 5; ++i) {
        const std::string host = "h" + std::to_string(i) + ".example.test";
        z.srv("_sip._udp.example.test", static_cast<std::uint16_t>(i), 0, 5070, host)
            .a(host, "192.0.2." + std::to_string(i + 1));
    }
    LocatorOptions o = ipv4_only();
    o.max_hosts = 3;
    ServerLocator locator(request_for("sip:example.test;transport=udp"), o, first_pick());
    const auto asked = z.drive(locator);
    EXPECT_EQ(asked.size(), 4u);  // SRV + 3 A
    EXPECT_EQ(locator.targets().size(), 3u);
    EXPECT_EQ(locator.targets()[2].endpoint.ip, "192.0.2.3");
    EXPECT_FALSE(locator.problems().empty());
}

TEST(ServerLocator, AnswersToUnaskedOrRepeatedQuestionsAreIgnored) {
    ServerLocator locator(request_for("sip:example.test:5060"), ipv4_only(), first_pick());
    const auto queries = locator.take_queries();
    ASSERT_EQ(queries, (std::vector<DnsQuery>{q("example.test", DnsType::A)}));
    EXPECT_TRUE(locator.take_queries().empty());  // each question is handed out once
    DnsAnswer stray;
    stray.query = q("other.test", DnsType::A);
    stray.status = DnsStatus::Ok;
    stray.addresses = {"192.0.2.99"};
    EXPECT_FALSE(locator.on_answer(stray));
    EXPECT_FALSE(locator.done());
    DnsAnswer answer;
    answer.query = q("EXAMPLE.test.", DnsType::A);  // another spelling of the same name
    answer.status = DnsStatus::Ok;
    answer.addresses = {"192.0.2.1"};
    EXPECT_TRUE(locator.on_answer(answer));
    EXPECT_TRUE(locator.done());
    EXPECT_FALSE(locator.on_answer(answer));
    EXPECT_EQ(endpoints(locator), (std::vector<Endpoint>{{Transport::Udp, "192.0.2.1", 5060}}));
}

TEST(ServerLocator, TransportNotEnabledGivesNoTargets) {
    LocatorOptions o;
    o.tcp = false;
    ServerLocator locator(request_for("sip:example.test;transport=tcp"), o, first_pick());
    EXPECT_TRUE(locator.done());
    EXPECT_TRUE(locator.take_queries().empty());
    EXPECT_TRUE(locator.targets().empty());
    ASSERT_EQ(locator.problems().size(), 1u);
    EXPECT_EQ(locator.problems()[0], "transport tcp is not enabled here");
}

}  // namespace
}  // namespace dialtone::transport
