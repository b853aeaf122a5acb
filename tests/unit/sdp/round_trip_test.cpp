// Parse then serialize: a valid SDP comes back byte for byte, unknown lines and attributes
// included (RFC 4566 §5 line order, CRLF); bare-LF input comes back with CRLF.

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/sdp/session_description.hpp"
#include "sdp_samples.hpp"

namespace dialtone::sdp {
namespace {

using test::crlf;

TEST(SdpRoundTrip, EverySampleComesBackByteForByte) {
    for (std::string_view sample : test::kAllSamples) {
        const std::string wire = crlf(sample);
        SCOPED_TRACE(wire.substr(0, wire.find("s=")));
        const auto sdp = SessionDescription::parse(wire);
        ASSERT_TRUE(sdp.ok()) << sdp.error().description();
        EXPECT_EQ(sdp->to_string(), wire);
        // The same model again when the output is parsed.
        const auto again = SessionDescription::parse(sdp->to_string());
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(*again, *sdp);
    }
}

// RFC 4566 §5: accept bare LF, write CRLF.
TEST(SdpRoundTrip, Rfc4566_5_BareLfSamplesComeBackWithCrlf) {
    for (std::string_view sample : test::kAllSamples) {
        const auto sdp = SessionDescription::parse(sample);
        ASSERT_TRUE(sdp.ok()) << sdp.error().description();
        EXPECT_EQ(sdp->to_string(), crlf(sample));
    }
}

TEST(SdpRoundTrip, UnknownAttributesKeepTheirOrderAmongKnownOnes) {
    const auto sdp = SessionDescription::parse(crlf(test::kWebRtcOffer));
    ASSERT_TRUE(sdp.ok());
    const MediaDescription& audio = sdp->media[0];
    std::vector<std::string> names;
    for (const Attribute& a : audio.attributes)
        names.push_back(a.name);
    EXPECT_EQ(names, (std::vector<std::string>{
                         "rtcp",   "ice-ufrag", "ice-pwd",  "ice-options", "fingerprint", "setup",
                         "mid",    "extmap",    "sendrecv", "rtcp-mux",    "rtpmap",      "rtcp-fb",
                         "fmtp",   "rtpmap",    "fmtp",     "rtpmap",      "rtpmap",      "rtpmap",
                         "rtpmap", "rtpmap",    "rtpmap"}));
    // The session attribute with a space after its colon keeps it.
    EXPECT_EQ(sdp->attributes.back(), Attribute::with_value("msid-semantic", " WMS stream"));
}

// A description built field by field serializes in RFC 4566 §5 order.
TEST(SdpRoundTrip, Rfc4566_5_BuiltDescriptionIsWrittenInOrder) {
    SessionDescription sdp;
    sdp.origin = Origin{"-", "7", "8", "IN", "IP6", "2001:db8::2"};
    sdp.session_name = "call";
    sdp.connection = Connection{"IN", "IP6", "2001:db8::2"};
    sdp.timings.push_back(Timing{});
    sdp.attributes.push_back(Attribute::property("sendrecv"));
    MediaDescription m;
    m.media = "audio";
    m.port = 5004;
    m.proto = "RTP/AVP";
    m.formats = {"0"};
    m.attributes.push_back(Attribute::with_value("ptime", "20"));
    m.bandwidths.push_back(Bandwidth{"AS", 64});
    sdp.media.push_back(m);
    EXPECT_EQ(sdp.to_string(),
              "v=0\r\no=- 7 8 IN IP6 2001:db8::2\r\ns=call\r\nc=IN IP6 2001:db8::2\r\nt=0 0\r\n"
              "a=sendrecv\r\nm=audio 5004 RTP/AVP 0\r\nb=AS:64\r\na=ptime:20\r\n");
    const auto back = SessionDescription::parse(sdp.to_string());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, sdp);
}

// Numbers are written without their leading zeros: a model difference-free rewrite.
TEST(SdpRoundTrip, NumbersLoseLeadingZerosOnly) {
    const auto sdp = SessionDescription::parse(
        "v=0\r\no=- 01 02 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=00 0\r\n"
        "m=audio 04000 RTP/AVP 000\r\nb=AS:064\r\n");
    ASSERT_TRUE(sdp.ok());
    // sess-id and version are digit strings of any length: kept as written.
    EXPECT_EQ(sdp->to_string(),
              "v=0\r\no=- 01 02 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\n"
              "m=audio 4000 RTP/AVP 000\r\nb=AS:64\r\n");
    EXPECT_EQ(sdp->media[0].payload_types(), std::vector<std::uint8_t>{0});
}

}  // namespace
}  // namespace dialtone::sdp
