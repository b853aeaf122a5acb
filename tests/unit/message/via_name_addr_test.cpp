#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/message/cseq.hpp"
#include "dialtone/sip/message/host.hpp"
#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/via.hpp"

namespace dialtone::message {
namespace {

TEST(Via, Rfc3261_20_42_FieldsAndParams) {
    auto v = parse_via(
        "SIP/2.0/TCP "
        "client.atlanta.example.com:5060;branch=z9hG4bK74b43;rport=5061;received=192.0.2.101;maddr="
        "239.1.1.1;ttl=16;x");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->protocol_name, "SIP");
    EXPECT_EQ(v->protocol_version, "2.0");
    EXPECT_EQ(v->transport, "TCP");
    EXPECT_EQ(v->host.text, "client.atlanta.example.com");
    EXPECT_EQ(v->port, 5060);
    EXPECT_EQ(v->branch, "z9hG4bK74b43");
    EXPECT_TRUE(v->has_rfc3261_branch());
    EXPECT_EQ(v->rport, "5061");
    EXPECT_EQ(v->received, "192.0.2.101");
    EXPECT_EQ(v->maddr, "239.1.1.1");
    EXPECT_EQ(v->ttl, "16");
}

TEST(Via, Rfc3581_BareRport) {
    auto v = parse_via("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bKx");
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->has_rport);
    EXPECT_TRUE(v->rport.empty());
    EXPECT_FALSE(v->has_port);
}

TEST(Via, Rfc3261_25_1_LwsAroundSeparators) {
    auto v = parse_via("SIP / 2.0 / UDP\r\n  host.example.com : 5070 ; branch = z9hG4bKq");
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->transport, "UDP");
    EXPECT_EQ(v->port, 5070);
    EXPECT_EQ(v->branch, "z9hG4bKq");
}

TEST(Via, RejectsMalformed) {
    for (const char* bad :
         {"SIP/2.0/UDP", "SIP/2.0 UDP host", "SIP/2.0/UDP host;;branch=x", "SIP/2.0/UDP host;",
          "SIP/2.0/UDP host:70000", "SIP/2.0/UDP host;ttl=256", "SIP/2.0/UDP host;rport=x",
          "SIP/2.0/UDP ho st", "SIP/2.0/UDP [::1;branch=x", "SIP/2.0/UDP host;branch=\"x"}) {
        EXPECT_FALSE(parse_via(bad).ok()) << bad;
    }
}

TEST(Via, EmptyNumericParamsAreRejected) {
    // Differential-fuzz finding: an empty ttl/rport value once passed the number check.
    EXPECT_FALSE(parse_via("SIP / 2.0 / UDP host.; ttl\xbc"
                           "1.1")
                     .ok());
    EXPECT_FALSE(parse_via("SIP/2.0/UDP host;ttl=").ok());
    EXPECT_FALSE(parse_via("SIP/2.0/UDP host;rport=").ok());
    EXPECT_TRUE(parse_via("SIP/2.0/UDP host;rport").ok());
}

TEST(NameAddr, Rfc3261_20_10_Forms) {
    auto a = parse_name_addr("\"Alice \\\"A\\\"\" <sip:alice@example.com;lr>;tag=x1;expires=60");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->display_name_text(), "Alice \\\"A\\\"");
    EXPECT_TRUE(a->angle_brackets);
    EXPECT_TRUE(a->uri.loose_route());  // inside <>: a URI parameter
    EXPECT_EQ(a->tag, "x1");
    EXPECT_EQ(a->param("expires"), "60");

    auto b = parse_name_addr("sip:bob@example.com;tag=9");
    ASSERT_TRUE(b.ok());
    EXPECT_FALSE(b->angle_brackets);
    EXPECT_EQ(b->tag, "9");  // without <>: a header parameter
    EXPECT_TRUE(b->uri.params.empty());

    auto c = parse_name_addr("Bob Smith <sip:bob@example.com>");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->display_name, "Bob Smith");

    auto star = parse_name_addr("*", true);
    ASSERT_TRUE(star.ok());
    EXPECT_TRUE(star->star);
    EXPECT_FALSE(parse_name_addr("*", false).ok());
}

TEST(NameAddr, RejectsMalformed) {
    for (const char* bad :
         {"", "\"unterminated <sip:a@b>", "<sip:a@b", "< sip:a@b>", "Bell, Alexander <sip:a@b>",
          "sip:a@b?x=y", "<sip:a@b> junk", "<sip:a@b>;tag=\"q\"", "<sip:a@b>;;x", "no-uri-here"}) {
        EXPECT_FALSE(parse_name_addr(bad).ok()) << bad;
    }
}

// RFC 3261 §25.1: the host's kind and validity do not depend on where it falls in the
// value (the fast path reads the value in 16-octet blocks and the host's dots and hyphens
// from wherever it starts); the general host classifier is the reference.
TEST(NameAddr, Rfc3261_25_1_HostKindAtEveryOffset) {
    for (const std::string host :
         {"example.com", "a-b.example.com", "192.0.2.4", "10.0.0.255", "1.2.3.400",
          "-a.example.com", "a-.example.com", "a..b", "example.com.", "1.2.3.4.", "x",
          "9host.example.com", "host.9com",
          "a.b-c.d-e.f-g.h-i.j-k.l-m.n-o.example-long-label.org"}) {
        const HostKind want = classify_host(host);
        for (std::size_t shift = 0; shift < 24; ++shift) {
            for (std::size_t tag = 1; tag < 20; tag += 6) {
                const std::string value = std::string(shift + 1, 'N') + " <sip:u@" + host +
                                          ">;tag=" + std::string(tag, 't');
                auto r = parse_name_addr(value);
                if (want == HostKind::None) {
                    EXPECT_FALSE(r.ok()) << value;
                    continue;
                }
                ASSERT_TRUE(r.ok()) << value;
                EXPECT_EQ(r->uri.host.text, host) << value;
                EXPECT_EQ(r->uri.host.kind, want) << value;
                EXPECT_EQ(r->uri.user, "u") << value;
                EXPECT_EQ(r->tag, std::string(tag, 't')) << value;
            }
        }
    }
}

TEST(CSeq, Rfc3261_8_1_1_5_Range) {
    EXPECT_EQ(parse_cseq("2147483647 INVITE")->number, 2147483647u);
    EXPECT_FALSE(parse_cseq("2147483648 INVITE").ok());
    EXPECT_EQ(parse_cseq(" 0009\r\n  INVITE")->number, 9u);
    EXPECT_FALSE(parse_cseq("12").ok());
    EXPECT_FALSE(parse_cseq("INVITE 12").ok());
    EXPECT_EQ(parse_cseq("1 NEWMETHOD")->method, Method::Extension);
}

TEST(ParseUint, BoundsAndLeadingZeros) {
    EXPECT_EQ(*parse_uint("0068", 255), 68u);
    EXPECT_FALSE(parse_uint("256", 255).ok());
    EXPECT_EQ(*parse_uint("4294967295", 0xffffffffu), 4294967295u);
    EXPECT_FALSE(parse_uint("4294967296", 0xffffffffu).ok());
    EXPECT_FALSE(parse_uint("36893488147419103232", 0xffffffffu).ok());
    EXPECT_FALSE(parse_uint("-1", 255).ok());
    EXPECT_FALSE(parse_uint("", 255).ok());
}

}  // namespace
}  // namespace dialtone::message
