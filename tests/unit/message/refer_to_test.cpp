#include "dialtone/sip/message/refer_to.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

// RFC 3515 §2.1: Refer-To = ( name-addr / addr-spec ) *(SEMI generic-param).
TEST(TypedReferTo, Rfc3515_2_1_NameAddrWithEscapedReplaces) {
    auto r = parse_refer_to(
        "<sip:dave@denver.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345>");
    ASSERT_TRUE(r.ok()) << r.error().what;
    EXPECT_TRUE(r->angle_brackets);
    EXPECT_EQ(r->uri.host.text, "denver.example.org");
    EXPECT_EQ(r->uri.headers, "Replaces=12345%40192.168.118.3%3Bto-tag%3D12345");
}

TEST(TypedReferTo, Rfc3515_2_1_AddrSpecAndRejects) {
    auto r = parse_refer_to("sip:carol@example.com");
    ASSERT_TRUE(r.ok()) << r.error().what;
    EXPECT_FALSE(r->angle_brackets);
    auto empty = parse_refer_to("  ");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().what, "Refer-To: empty value");
    EXPECT_FALSE(parse_refer_to("*").ok());  // "*" belongs to Contact only
    EXPECT_FALSE(parse_refer_to("<sip:carol@example.com").ok());
}

// RFC 3892 §3: Referred-By = referrer-uri *( SEMI (referredby-id-param / generic-param) ).
TEST(TypedReferredBy, Rfc3892_3_CidParam) {
    auto r = parse_referred_by(
        "<sip:referrer@referrer.example>\r\n ;cid=\"20398823.2UWQFN309shb3@referrer.example\"");
    ASSERT_TRUE(r.ok()) << r.error().what;
    EXPECT_TRUE(r->has_cid);
    EXPECT_EQ(r->cid, "20398823.2UWQFN309shb3@referrer.example");
    EXPECT_EQ(r->address.uri.user, "referrer");

    auto plain = parse_referred_by("\"Bob\" <sip:bob@biloxi.example.com>;foo=bar");
    ASSERT_TRUE(plain.ok()) << plain.error().what;
    EXPECT_FALSE(plain->has_cid);
    EXPECT_EQ(plain->address.display_name_text(), "Bob");
}

TEST(TypedReferredBy, Rfc3892_3_Rejects) {
    // sip-clean-msg-id is always quoted.
    auto unquoted = parse_referred_by("<sip:a@b.example>;cid=abc");
    ASSERT_FALSE(unquoted.ok());
    EXPECT_EQ(unquoted.error().what, "Referred-By: bad cid parameter");
    EXPECT_FALSE(parse_referred_by("<sip:a@b.example>;cid=abc@b.example").ok());
    EXPECT_EQ(parse_referred_by("<sip:a@b.example>;cid=\"no-at-sign\"").error().what,
              "Referred-By: bad cid parameter");
    EXPECT_EQ(parse_referred_by("").error().what, "Referred-By: empty value");
    EXPECT_FALSE(parse_referred_by("<sip:a@b.example").ok());
}

}  // namespace
}  // namespace dialtone::message
