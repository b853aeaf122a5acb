// describe_endpoint / describe_origin: the text `dialtone resolve` and logs print.

#include "dialtone/sip/transport/resolved_target.hpp"

#include <gtest/gtest.h>

namespace dialtone::transport {
namespace {

TEST(ResolvedTarget, EndpointTextBracketsIpv6) {
    EXPECT_EQ(describe_endpoint({Transport::Udp, "127.0.0.2", 5070}), "udp 127.0.0.2:5070");
    EXPECT_EQ(describe_endpoint({Transport::Tls, "2001:db8::1", 5061}), "tls [2001:db8::1]:5061");
}

TEST(ResolvedTarget, OriginNamesEveryStep) {
    ResolvedTarget t;
    t.endpoint = Endpoint{Transport::Udp, "127.0.0.2", 5070};
    EXPECT_EQ(describe_origin(t), "numeric");
    t.host = "a.example.test";
    EXPECT_EQ(describe_origin(t), "A a.example.test");
    t.srv = SrvStep{"_sip._udp.example.test", 10, 60};
    t.naptr = NaptrStep{10, 20, "SIP+D2U"};
    t.address_record = DnsType::Aaaa;
    EXPECT_EQ(describe_origin(t),
              "naptr 10/20 SIP+D2U, srv _sip._udp.example.test 10/60, AAAA a.example.test");
}

}  // namespace
}  // namespace dialtone::transport
