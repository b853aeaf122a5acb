// salvage_request: what of an unparseable request can still be answered (RFC 3261 §8.2,
// §17.1.3 matching by top Via branch and CSeq).

#include "server/salvage.hpp"

#include <gtest/gtest.h>

namespace dialtone::server {
namespace {

TEST(Salvage, ReadsTheHeadersAResponseCopies) {
    const std::string text =
        "OPTIONS sip:x@example.com SIP/2.0\r\n"
        "v: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\n"
        "Via: SIP/2.0/UDP b.example;branch=z9hG4bK2\r\n"
        "f: <sip:a@example.com>;tag=1\r\n"
        "t: <sip:x@example.com>\r\n"
        "i: cid\r\n"
        "CSeq: 7\r\n OPTIONS\r\n"  // folded (RFC 3261 §7.3.1)
        "Max-Forwards: banana\r\n"
        "\r\n";
    auto echo = salvage_request(text);
    ASSERT_TRUE(echo.has_value());
    EXPECT_EQ(echo->method_text, "OPTIONS");
    ASSERT_EQ(echo->via_lines.size(), 2u);
    EXPECT_EQ(echo->via_lines[0], "SIP/2.0/UDP a.example;branch=z9hG4bK1");
    EXPECT_EQ(echo->from, "<sip:a@example.com>;tag=1");
    EXPECT_EQ(echo->to, "<sip:x@example.com>");
    EXPECT_FALSE(echo->to_has_tag);
    EXPECT_EQ(echo->call_id, "cid");
    EXPECT_EQ(echo->cseq, "7\r\n OPTIONS");
}

TEST(Salvage, NeedsRequestLineViaAndCSeq_Rfc3261_17_1_3) {
    const std::string no_cseq =
        "OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n\r\n";
    EXPECT_FALSE(salvage_request(no_cseq).has_value());
    const std::string no_via = "OPTIONS sip:x@example.com SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n";
    EXPECT_FALSE(salvage_request(no_via).has_value());
    const std::string response =
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\n\r\n";
    EXPECT_FALSE(salvage_request(response).has_value());
    const std::string two_words =
        "OPTIONS SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n"
        "CSeq: 1 OPTIONS\r\n\r\n";
    EXPECT_FALSE(salvage_request(two_words).has_value());  // no Request-URI
    const std::string ok =
        "OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nCSeq: 1 "
        "OPTIONS\r\n\r\n";
    EXPECT_TRUE(salvage_request(ok).has_value());
}

TEST(Salvage, ValuesThatWouldBreakTheResponseAreDropped) {
    // A bare LF inside a value (not a fold) and a NUL: not copied into a response.
    const std::string text = std::string(
                                 "OPTIONS sip:x@example.com SIP/2.0\r\n"
                                 "Via: SIP/2.0/UDP a;branch=z9hG4bK1\r\n"
                                 "Call-ID: abc") +
                             std::string(1, '\0') +
                             "def\r\n"
                             "CSeq: 1 OPTIONS\r\n\r\n";
    auto echo = salvage_request(text);
    ASSERT_TRUE(echo.has_value());
    EXPECT_TRUE(echo->call_id.empty());
}

TEST(Salvage, IncompleteHeadIgnoresItsLastLine) {
    const std::string text =
        "OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nCSeq: 1 OPT";
    EXPECT_TRUE(salvage_request(text, true).has_value());
    EXPECT_FALSE(salvage_request(text, false).has_value());
}

TEST(Salvage, EveryPrefixIsSafe) {
    // Network input must never crash: run every truncation of a request through it.
    const std::string text =
        "INVITE sip:x@example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b\r\n"
        "To: \"unterminated <sip:x@example.com>\r\n"
        "From: <sip:a@example.com>;tag=1\r\n"
        "Call-ID: c\r\n"
        "CSeq: 1 INVITE\r\n\r\n";
    for (std::size_t n = 0; n <= text.size(); ++n) {
        (void)salvage_request(std::string_view(text).substr(0, n), true);
        (void)salvage_request(std::string_view(text).substr(0, n), false);
    }
    auto echo = salvage_request(text);
    ASSERT_TRUE(echo.has_value());
    EXPECT_TRUE(echo->to.empty());  // the broken To is not copied
}

}  // namespace
}  // namespace dialtone::server
