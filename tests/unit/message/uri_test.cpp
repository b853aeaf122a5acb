#include <gtest/gtest.h>

#include "dialtone/sip/message/uri.hpp"

namespace dialtone::message {
namespace {

Uri must_parse(std::string_view text, bool allow_headers = true) {
    auto r = parse_uri(text, allow_headers);
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().what);
    return r.ok() ? *r : Uri{};
}

bool equal(std::string_view a, std::string_view b) {
    return uri_equal(must_parse(a), must_parse(b));
}

TEST(Uri, Rfc3261_19_1_1_AllComponents) {
    const Uri u =
        must_parse("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=hi");
    EXPECT_EQ(u.scheme, UriScheme::Sips);
    EXPECT_EQ(u.user, "alice");
    EXPECT_TRUE(u.has_password);
    EXPECT_EQ(u.password, "secret");
    EXPECT_EQ(u.host.text, "atlanta.example.com");
    EXPECT_EQ(u.host.kind, HostKind::Domain);
    EXPECT_TRUE(u.has_port);
    EXPECT_EQ(u.port, 5061);
    EXPECT_EQ(u.param("transport"), "tcp");
    EXPECT_TRUE(u.loose_route());
    EXPECT_EQ(u.headers, "subject=hi");
}

TEST(Uri, Rfc3261_19_1_1_HostForms) {
    EXPECT_EQ(must_parse("sip:192.0.2.4").host.kind, HostKind::Ipv4);
    EXPECT_EQ(must_parse("sip:[2001:db8::1]:5060").host.kind, HostKind::Ipv6);
    EXPECT_EQ(must_parse("sip:[2001:db8::1]:5060").host.address(), "2001:db8::1");
    EXPECT_EQ(must_parse("sip:example.com.").host.kind, HostKind::Domain);
    for (const char* bad : {"sip:-bad.example.com", "sip:bad-.example.com", "sip:a..b",
                            "sip:1.2.3.256", "sip:host_name", "sip:2001:db8::10", "sip:[::1",
                            "sip:host:99999", "sip:host:", "sip:@host", "sip:"}) {
        EXPECT_FALSE(parse_uri(bad).ok()) << bad;
    }
}

TEST(Uri, Rfc3261_19_1_1_RequestUriMayNotHaveHeaders) {
    EXPECT_TRUE(parse_uri("sip:a@b?x=y", true).ok());
    auto r = parse_uri("sip:a@b?x=y", false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 400);
}

TEST(Uri, Rfc3966_TelAndOtherSchemes) {
    const Uri t = must_parse("tel:+1-201-555-0123;phone-context=example.com");
    EXPECT_EQ(t.scheme, UriScheme::Tel);
    EXPECT_EQ(t.opaque, "+1-201-555-0123");
    EXPECT_EQ(t.param("phone-context"), "example.com");
    const Uri o = must_parse("urn:service:sos");
    EXPECT_EQ(o.scheme, UriScheme::Other);
    EXPECT_EQ(o.opaque, "service:sos");
    EXPECT_FALSE(parse_uri("no-scheme").ok());
    EXPECT_FALSE(parse_uri("http://a b").ok());
}

TEST(Uri, Rfc3261_19_1_2_EscapesAreValidated) {
    EXPECT_TRUE(parse_uri("sip:%61lice@example.com").ok());
    EXPECT_FALSE(parse_uri("sip:%6@example.com").ok());
    EXPECT_FALSE(parse_uri("sip:%zz@example.com").ok());
    EXPECT_FALSE(parse_uri("sip:a@example.com;p=%4").ok());
    EXPECT_FALSE(parse_uri("sip:a@example.com;;p").ok());
    EXPECT_FALSE(parse_uri("sip:a@example.com;=p").ok());
}

TEST(Uri, EscapeAndUnescapeRoundTrip) {
    EXPECT_EQ(unescape("I%20have%20spaces"), "I have spaces");
    EXPECT_EQ(unescape("50%"), "50%");  // not an escape: left as written
    const std::string raw("a b@c%d\0e", 9);
    const std::string user = escape(raw, UriComponent::User);
    EXPECT_EQ(user, "a%20b%40c%25d%00e");
    EXPECT_EQ(unescape(user), raw);
    EXPECT_EQ(escape("a;b?c", UriComponent::User), "a;b?c");  // user-unreserved stays
    EXPECT_EQ(escape("a;b?c", UriComponent::Param), "a%3Bb%3Fc");
}

// The examples RFC 3261 §19.1.4 lists as equivalent and as not equivalent.
TEST(Uri, Rfc3261_19_1_4_EquivalentPairs) {
    EXPECT_TRUE(
        equal("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
    EXPECT_TRUE(equal("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
    EXPECT_TRUE(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
    EXPECT_TRUE(equal("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"));
    EXPECT_TRUE(equal("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                      "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
    EXPECT_TRUE(equal("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                      "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
}

TEST(Uri, Rfc3261_19_1_4_NotEquivalentPairs) {
    EXPECT_FALSE(
        equal("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
    EXPECT_FALSE(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
    EXPECT_FALSE(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
    EXPECT_FALSE(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"));
    EXPECT_FALSE(equal("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
    EXPECT_FALSE(equal("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
    EXPECT_FALSE(equal("sip:alice@example.com", "sips:alice@example.com"));
}

TEST(Uri, EqualityIsReflexiveEvenWithRepeatedParams) {
    // Fuzz regressions: a URI must always equal itself.
    for (const char* text : {"tel:p;lri%=;lri%", "sip:a@b;x=1;x=2", "sip:h;lr;lr"}) {  // all parse
        auto u = parse_uri(text);
        ASSERT_TRUE(u.ok()) << text;
        EXPECT_TRUE(uri_equal(*u, *u)) << text;
    }
}

}  // namespace
}  // namespace dialtone::message
