// SessionDescription::parse: the fields of RFC 4566 §5, the leniencies listed in
// session_description.hpp, and the errors, each naming its line.

#include <gtest/gtest.h>

#include <string>

#include "dialtone/sip/sdp/session_description.hpp"
#include "sdp_samples.hpp"

namespace dialtone::sdp {
namespace {

using test::crlf;

SessionDescription parsed(std::string_view text) {
    auto r = SessionDescription::parse(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().description());
    return r.ok() ? *r : SessionDescription{};
}

std::string error_of(std::string_view text) {
    auto r = SessionDescription::parse(text);
    return r.ok() ? "<ok>" : r.error().description();
}

constexpr std::string_view kHead =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

// RFC 4566 §5: every field of the specification's own example.
TEST(SdpParse, Rfc4566_5_EveryFieldOfTheExample) {
    const SessionDescription sdp = parsed(crlf(test::kRfc4566Example));
    EXPECT_EQ(sdp.origin, (Origin{"jdoe", "2890844526", "2890842807", "IN", "IP4", "10.47.16.5"}));
    EXPECT_EQ(sdp.session_name, "SDP Seminar");
    EXPECT_EQ(sdp.information, "A Seminar on the session description protocol");
    EXPECT_EQ(sdp.uri, "http://www.example.com/seminars/sdp.pdf");
    ASSERT_EQ(sdp.emails.size(), 1u);
    EXPECT_EQ(sdp.emails[0], "j.doe@example.com (Jane Doe)");
    ASSERT_EQ(sdp.phones.size(), 1u);
    EXPECT_EQ(sdp.phones[0], "+1 617 555-6011");
    ASSERT_TRUE(sdp.connection.has_value());
    EXPECT_EQ(sdp.connection->address, "224.2.17.12/127");
    EXPECT_EQ(sdp.connection->host(), "224.2.17.12");  // §5.7: the TTL suffix is not the host
    ASSERT_EQ(sdp.timings.size(), 1u);
    EXPECT_EQ(sdp.timings[0].start, 2873397496u);
    EXPECT_EQ(sdp.timings[0].stop, 2873404696u);
    ASSERT_EQ(sdp.timings[0].repeats.size(), 1u);  // §5.10 r= belongs to its t=
    EXPECT_EQ(sdp.timings[0].repeats[0], "604800 3600 0 90000");
    EXPECT_EQ(sdp.zone_adjustments, "2882844526 -1h 2898848070 0");
    EXPECT_EQ(sdp.direction(), Direction::RecvOnly);
    ASSERT_EQ(sdp.media.size(), 2u);
    const MediaDescription& audio = sdp.media[0];
    EXPECT_EQ(audio.media, "audio");
    EXPECT_EQ(audio.port, 49170);
    EXPECT_FALSE(audio.port_count.has_value());
    EXPECT_EQ(audio.proto, "RTP/AVP");
    EXPECT_EQ(audio.formats, std::vector<std::string>{"0"});
    EXPECT_TRUE(audio.attributes.empty());
    const MediaDescription& video = sdp.media[1];
    EXPECT_EQ(video.port, 51372);
    ASSERT_TRUE(video.rtpmap(99).has_value());
    EXPECT_EQ(video.rtpmap(99)->encoding_name, "h263-1998");
    EXPECT_EQ(video.rtpmap(99)->clock_rate, 90000u);
    // §6: the session-level recvonly applies to media without their own direction.
    EXPECT_EQ(sdp.media_direction(0), Direction::RecvOnly);
    EXPECT_EQ(sdp.media_connection(1), &*sdp.connection);
}

// RFC 4566 §5.14: m=<media> <port>/<number of ports> <proto> <fmt> ...
TEST(SdpParse, Rfc4566_5_14_PortCountAndMediaLevelLines) {
    const SessionDescription sdp = parsed(std::string(kHead) +
                                          "m=video 49170/2 RTP/AVP 31\r\n"
                                          "i=main camera\r\n"
                                          "c=IN IP4 224.2.1.1/127/2\r\n"
                                          "c=IN IP4 224.2.1.3/127\r\n"
                                          "b=AS:512\r\n"
                                          "k=prompt\r\n"
                                          "a=quality:10\r\n");
    ASSERT_EQ(sdp.media.size(), 1u);
    const MediaDescription& m = sdp.media[0];
    EXPECT_EQ(m.port, 49170);
    EXPECT_EQ(m.port_count, 2u);
    EXPECT_EQ(m.title, "main camera");
    ASSERT_EQ(m.connections.size(), 2u);  // §5.7: several c= lines in a media section
    EXPECT_EQ(m.connections[0].host(), "224.2.1.1");
    EXPECT_EQ(m.bandwidths, (std::vector<Bandwidth>{{"AS", 512}}));
    EXPECT_EQ(m.key, "prompt");
    EXPECT_EQ(m.attributes, (std::vector<Attribute>{Attribute::with_value("quality", "10")}));
    EXPECT_EQ(sdp.media_connection(0), &m.connections[0]);
}

// RFC 4566 §5.13: a property attribute and a value attribute with an empty value differ.
TEST(SdpParse, Rfc4566_5_13_PropertyAndValueAttributes) {
    const SessionDescription sdp =
        parsed(std::string(kHead) + "a=recvonly\r\na=tool:\r\na=tool:x y: z \r\n");
    ASSERT_EQ(sdp.attributes.size(), 3u);
    EXPECT_EQ(sdp.attributes[0], Attribute::property("recvonly"));
    EXPECT_EQ(sdp.attributes[1], Attribute::with_value("tool", ""));
    // The value is kept as written, colons and trailing space included.
    EXPECT_EQ(sdp.attributes[2], Attribute::with_value("tool", "x y: z "));
}

// RFC 4566 §5: "parsers SHOULD be tolerant and also accept records terminated with a
// single newline character".
TEST(SdpParse, Rfc4566_5_BareLfIsAccepted) {
    const SessionDescription sdp = parsed(test::kAsteriskOffer);
    EXPECT_EQ(sdp.to_string(), crlf(test::kAsteriskOffer));
}

// Leniency: blank lines (many bodies end with one), a last line without line end, and a CR
// right at the end of the body.
TEST(SdpParse, Leniency_BlankLinesAndUnterminatedLastLine) {
    const std::string expected = std::string(kHead) + "m=audio 4000 RTP/AVP 0\r\n";
    EXPECT_EQ(parsed(std::string(kHead) + "\r\nm=audio 4000 RTP/AVP 0\r\n\r\n").to_string(),
              expected);
    EXPECT_EQ(parsed(std::string(kHead) + "  \t\r\nm=audio 4000 RTP/AVP 0").to_string(), expected);
    EXPECT_EQ(parsed(std::string(kHead) + "m=audio 4000 RTP/AVP 0\r").to_string(), expected);
}

// Leniency: trailing spaces and runs of spaces or tabs in structured lines, a space after a
// property attribute; free text keeps its spaces.
TEST(SdpParse, Leniency_SpacesInStructuredLines) {
    const SessionDescription sdp = parsed(
        "v=0 \r\n"
        "o=-  1 1\tIN IP4 192.0.2.1 \r\n"
        "s= \r\n"
        "c=IN IP4 192.0.2.1  \r\n"
        "t=0 0 \r\n"
        "m=audio  4000 RTP/AVP 0 8 \r\n"
        "b=AS:64 \r\n"
        "a=sendonly \r\n");
    EXPECT_EQ(sdp.origin.session_id, "1");
    EXPECT_EQ(sdp.session_name, " ");  // RFC 4566 §5.3: "s= " is the empty session name
    EXPECT_EQ(sdp.connection->address, "192.0.2.1");
    EXPECT_EQ(sdp.media[0].formats, (std::vector<std::string>{"0", "8"}));
    EXPECT_EQ(sdp.media[0].direction(), Direction::SendOnly);
    EXPECT_EQ(sdp.to_string(),
              "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns= \r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
              "m=audio 4000 RTP/AVP 0 8\r\nb=AS:64\r\na=sendonly\r\n");
}

// Leniency: lines of a section out of RFC 4566 order (b= after a=, c= after b=, o= after s=)
// are accepted and written back in order.
TEST(SdpParse, Leniency_LinesOutOfOrderAreReordered) {
    const SessionDescription sdp = parsed(
        "v=0\r\ns=-\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\nc=IN IP4 192.0.2.1\r\n"
        "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\nb=AS:64\r\nc=IN IP4 192.0.2.9\r\n");
    EXPECT_EQ(sdp.to_string(),
              "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
              "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 192.0.2.9\r\nb=AS:64\r\n"
              "a=rtpmap:0 PCMU/8000\r\n");
}

// Leniency: no s= and no t= (RFC 4566 §5 wants both); the output has none either.
TEST(SdpParse, Leniency_MissingSessionNameAndTime) {
    const std::string text =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.1\r\n"
        "m=audio 4000 RTP/AVP 0\r\n";
    const SessionDescription sdp = parsed(text);
    EXPECT_FALSE(sdp.session_name.has_value());
    EXPECT_TRUE(sdp.timings.empty());
    EXPECT_EQ(sdp.to_string(), text);
}

// Leniency: a rejected stream (port 0) without format or address; RFC 3264 §6 asks for one
// format, but the stream carries nothing.
TEST(SdpParse, Leniency_RejectedStreamWithoutFormatOrAddress) {
    const SessionDescription sdp =
        parsed("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=video 0 RTP/AVP\r\n");
    ASSERT_EQ(sdp.media.size(), 1u);
    EXPECT_TRUE(sdp.media[0].rejected());
    EXPECT_TRUE(sdp.media[0].formats.empty());
}

// RFC 4566 §5 (type letters) against RFC 8866 §5: lines with letters SDP does not define are
// kept, in place, and reported.
TEST(SdpParse, Leniency_UnknownTypeLettersAreKeptInPlace) {
    const std::string text =
        "v=0\r\nx=after v\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
        "t=0 0\r\nq=after t\r\na=one\r\nw=between a lines\r\na=two\r\n"
        "m=audio 4000 RTP/AVP 0\r\ny=0100000001\r\na=rtpmap:0 PCMU/8000\r\nf=v/2/4\r\n";
    const SessionDescription sdp = parsed(text);
    EXPECT_TRUE(sdp.has_unknown_lines());
    ASSERT_EQ(sdp.extra_lines.size(), 3u);
    EXPECT_EQ(sdp.extra_lines[0], (ExtraLine{'x', "after v", 'v', 1}));
    EXPECT_EQ(sdp.extra_lines[1], (ExtraLine{'q', "after t", 't', 1}));
    EXPECT_EQ(sdp.extra_lines[2], (ExtraLine{'w', "between a lines", 'a', 1}));
    ASSERT_EQ(sdp.media[0].extra_lines.size(), 2u);
    EXPECT_EQ(sdp.media[0].extra_lines[0], (ExtraLine{'y', "0100000001", 'm', 1}));
    EXPECT_EQ(sdp.media[0].extra_lines[1], (ExtraLine{'f', "v/2/4", 'a', 1}));
    EXPECT_EQ(sdp.to_string(), text);
    EXPECT_FALSE(parsed(std::string(kHead)).has_unknown_lines());
}

// Fuzz finding: when known lines come out of order, the unknown lines are kept in the order
// they will be written in, so parse -> write -> parse gives the same model.
TEST(SdpParse, UnknownLinesFollowTheirAnchorWhenLinesAreReordered) {
    const SessionDescription sdp = parsed(std::string(kHead) +
                                          "m=audio 4000 RTP/AVP 0\r\na=x\r\ny=1\r\n"
                                          "c=IN IP4 192.0.2.1\r\nw=2\r\n");
    ASSERT_EQ(sdp.media[0].extra_lines.size(), 2u);
    EXPECT_EQ(sdp.media[0].extra_lines[0], (ExtraLine{'w', "2", 'c', 1}));
    EXPECT_EQ(sdp.media[0].extra_lines[1], (ExtraLine{'y', "1", 'a', 1}));
    const std::string out = sdp.to_string();
    EXPECT_EQ(out, std::string(kHead) +
                       "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\nw=2\r\na=x\r\ny=1\r\n");
    EXPECT_EQ(parsed(out), sdp);
}

// An unknown line whose anchor was edited away ends its section.
TEST(SdpParse, UnknownLineWithoutItsAnchorEndsTheSection) {
    SessionDescription sdp = parsed(std::string(kHead) + "a=one\r\ny=1\r\na=two\r\n");
    sdp.attributes.clear();
    EXPECT_EQ(sdp.to_string(), std::string(kHead) + "y=1\r\n");
}

// RFC 4566 §5: what a parser must refuse, each error naming the line (400, RFC 3261
// §21.4.1).
TEST(SdpParse, Rfc4566_5_MalformedDescriptionsNameTheLine) {
    EXPECT_EQ(error_of(""), "empty body: no v= line");
    EXPECT_EQ(error_of("\r\n\r\n"), "empty body: no v= line");
    EXPECT_EQ(error_of("o=- 1 1 IN IP4 h\r\nv=0\r\n"), "line 1: an SDP must start with v=");
    EXPECT_EQ(error_of("v=1\r\n"), "line 1: v= must be 0");
    EXPECT_EQ(error_of("v=0\r\nv=0\r\n"), "line 2: more than one v= line");
    EXPECT_EQ(error_of("v=0\r\ns=-\r\n"), "missing o= line");
    EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4\r\n"),
              "line 2: o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> "
              "<address>");
    EXPECT_EQ(error_of("v=0\r\no=- x1 1 IN IP4 h\r\n"), "line 2: o= sess-id must be a number");
    EXPECT_EQ(error_of("v=0\r\no=- 1 v2 IN IP4 h\r\n"), "line 2: o= sess-version must be a number");
    const std::string head(kHead);
    EXPECT_EQ(error_of(head + "o=- 1 1 IN IP4 h\r\n"), "line 6: more than one o= line");
    EXPECT_EQ(error_of(head + "s=again\r\n"), "line 6: more than one s= line");
    EXPECT_EQ(error_of(head + "c=IN IP4 h\r\n"), "line 6: more than one c= line at session level");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP 0\r\nc=IN IP4\r\n"),
              "line 7: c= needs <nettype> <addrtype> <connection-address>");
    EXPECT_EQ(error_of(head + "b=AS\r\n"), "line 6: b= needs <bwtype>:<bandwidth>");
    EXPECT_EQ(error_of(head + "b=AS:x\r\n"), "line 6: b= needs <bwtype>:<bandwidth>");
    EXPECT_EQ(error_of(head + "t=0\r\n"), "line 6: t= needs <start-time> <stop-time>");
    EXPECT_EQ(error_of(head + "t=0 99999999999999999999\r\n"),
              "line 6: t= needs <start-time> <stop-time>");
    EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\nr=1 2 3\r\n"),
              "line 3: r= must follow a t= line");
    EXPECT_EQ(error_of(head + "z=1 -1h\r\nz=2 0\r\n"), "line 7: more than one z= line");
    EXPECT_EQ(error_of(head + "k=clear:x\r\nk=prompt\r\n"),
              "line 7: more than one k= line at session level");
    EXPECT_EQ(error_of(head + "A=x\r\n"),
              "line 6: expected <type>=<value> with a lower-case type letter");
    EXPECT_EQ(error_of(head + "a x\r\n"),
              "line 6: expected <type>=<value> with a lower-case type letter");
    EXPECT_EQ(error_of(head + " a=x\r\n"),
              "line 6: expected <type>=<value> with a lower-case type letter");
    EXPECT_EQ(error_of(head + "a=\r\n"), "line 6: a= needs an attribute name that is a token");
    EXPECT_EQ(error_of(head + "a=:x\r\n"), "line 6: a= needs an attribute name that is a token");
    EXPECT_EQ(error_of(head + "a=two words\r\n"),
              "line 6: a= needs an attribute name that is a token");
    EXPECT_EQ(error_of(head + "a=x\ry\r\n"), "line 6: CR inside a line");
    EXPECT_EQ(error_of(head + std::string("s=a\0b\r\n", 7)), "line 6: NUL inside a line");
}

TEST(SdpParse, Rfc4566_5_14_MalformedMediaLines) {
    const std::string head(kHead);
    EXPECT_EQ(error_of(head + "m=audio\r\n"), "line 6: m= needs <media> <port> <proto> <fmt> ...");
    EXPECT_EQ(error_of(head + "m=audio RTP/AVP 0\r\n"), "line 6: m= needs a port 0-65535");
    EXPECT_EQ(error_of(head + "m=audio x RTP/AVP 0\r\n"), "line 6: m= needs a port 0-65535");
    EXPECT_EQ(error_of(head + "m=audio 65536 RTP/AVP 0\r\n"), "line 6: m= needs a port 0-65535");
    EXPECT_EQ(error_of(head + "m=audio 4000/0 RTP/AVP 0\r\n"),
              "line 6: m= number of ports must be 1 or more");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP//AVP 0\r\n"),
              "line 6: m= proto must be tokens separated by '/'");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP\r\n"), "line 6: m= needs at least one format");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP 0 128\r\n"),
              "line 6: m= RTP payload type must be 0-127");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP PCMU\r\n"),
              "line 6: m= RTP payload type must be 0-127");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP 0\r\nt=0 0\r\n"),
              "line 7: t= is not allowed in a media section");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP 0\r\ns=x\r\n"),
              "line 7: s= is not allowed in a media section");
    EXPECT_EQ(error_of(head + "m=audio 4000 RTP/AVP 0\r\ni=a\r\ni=b\r\n"),
              "line 8: more than one i= line in a media section");
    // Non-RTP formats are tokens but need not be numbers.
    EXPECT_EQ(error_of(head + "m=image 4000 udptl t38\r\n"), "<ok>");
}

// RFC 4566 §5.7: an active stream needs a c=, its own or the session's; the error names
// the m= line.
TEST(SdpParse, Rfc4566_5_7_ActiveStreamNeedsAnAddress) {
    EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n"
                       "m=audio 4000 RTP/AVP 0\r\n"),
              "line 6: m= has no c= line and the session has none (RFC 4566 §5.7)");
    EXPECT_EQ(error_of("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
                       "c=IN IP4 192.0.2.1\r\n"),
              "<ok>");
}

// The attributes offer/answer reads are checked when parsed, so a broken one is a 400
// naming its line rather than a codec that silently disappears.
TEST(SdpParse, MalformedKnownAttributesAreRefused) {
    const std::string m = std::string(kHead) + "m=audio 4000 RTP/AVP 96\r\n";
    EXPECT_EQ(error_of(m + "a=rtpmap:96\r\n"),
              "line 7: a=rtpmap needs <payload type> <encoding name>/<clock rate>");
    EXPECT_EQ(error_of(m + "a=rtpmap:96 opus\r\n"),
              "line 7: a=rtpmap needs <payload type> <encoding name>/<clock rate>");
    EXPECT_EQ(error_of(m + "a=rtpmap:200 opus/48000\r\n"),
              "line 7: a=rtpmap needs <payload type> <encoding name>/<clock rate>");
    EXPECT_EQ(error_of(m + "a=rtpmap\r\n"),
              "line 7: a=rtpmap needs <payload type> <encoding name>/<clock rate>");
    EXPECT_EQ(error_of(m + "a=fmtp:\r\n"), "line 7: a=fmtp needs <format> <parameters>");
    EXPECT_EQ(error_of(m + "a=ptime:abc\r\n"), "line 7: a=ptime needs a number of milliseconds");
    EXPECT_EQ(error_of(m + "a=maxptime:0\r\n"),
              "line 7: a=maxptime needs a number of milliseconds");
    EXPECT_EQ(error_of(m + "a=rtcp:70000\r\n"),
              "line 7: a=rtcp needs <port> [<nettype> <addrtype> <address>]");
    EXPECT_EQ(error_of(m + "a=rtcp:5001 IN IP4\r\n"),
              "line 7: a=rtcp needs <port> [<nettype> <addrtype> <address>]");
    EXPECT_EQ(error_of(m + "a=rtpmap:96 opus/48000/2\r\na=ptime:20\r\na=rtcp:5001\r\n"), "<ok>");
}

// Line numbers count every physical line, blank ones too, so they match an editor's.
TEST(SdpParse, LineNumbersCountBlankLines) {
    EXPECT_EQ(error_of("v=0\n\no=- 1 1 IN IP4 h\n\nm=audio x RTP/AVP 0\n"),
              "line 5: m= needs a port 0-65535");
}

TEST(SdpParse, ErrorsCarryStatus400AndAReasonPhrase) {
    const auto r = SessionDescription::parse(std::string(kHead) + "m=audio x RTP/AVP 0\r\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(r.error().line, 6u);
    EXPECT_EQ(r.error().reason, "m= needs a port 0-65535");
    EXPECT_EQ(r.error().reason_phrase(), "Bad Request (SDP line 6: m= needs a port 0-65535)");
}

// RFC 4566 §6 / RFC 3264 §5.1: the media-level direction wins over the session's, which
// wins over the default sendrecv.
TEST(SdpParse, Rfc3264_5_1_MediaDirectionWinsOverSession) {
    const SessionDescription sdp = parsed(std::string(kHead) +
                                          "a=sendonly\r\n"
                                          "m=audio 4000 RTP/AVP 0\r\n"
                                          "m=audio 4002 RTP/AVP 0\r\na=inactive\r\n");
    EXPECT_EQ(sdp.media_direction(0), Direction::SendOnly);
    EXPECT_EQ(sdp.media_direction(1), Direction::Inactive);
    EXPECT_EQ(parsed(std::string(kHead) + "m=audio 4000 RTP/AVP 0\r\n").media_direction(0),
              Direction::SendRecv);
    // Polycom writes its direction at session level.
    EXPECT_EQ(parsed(test::kPolycomOffer).media_direction(0), Direction::SendRecv);
    EXPECT_EQ(parsed(test::kWebRtcOffer).media_direction(1), Direction::RecvOnly);
}

// Connection addresses: RFC 2543 hold (0.0.0.0), IPv6, multicast suffixes.
TEST(SdpParse, Rfc3264_8_4_UnspecifiedConnectionAddress) {
    EXPECT_TRUE((Connection{"IN", "IP4", "0.0.0.0"}).is_unspecified());
    EXPECT_TRUE((Connection{"IN", "IP6", "::"}).is_unspecified());
    EXPECT_FALSE((Connection{"IN", "IP4", "192.0.2.1"}).is_unspecified());
    EXPECT_EQ((Connection{"IN", "IP6", "ff15::101/3"}).host(), "ff15::101");
}

}  // namespace
}  // namespace dialtone::sdp
