#include <string>
#include <string_view>
#include <vector>

#include "bench_message.hpp"

namespace dialtone::bench {
namespace {

// Messages are written below with '\n' line ends for readability; SIP wants CRLF
// (RFC 3261 §7), in the headers and, by convention, in the SDP body (RFC 4566 §5).
std::string crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 64);
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

// An INVITE with SDP as the biloxi proxy receives it from the atlanta proxy, after RFC
// 3261 §24.2 F1/F4: two Vias (the second stamped with received/rport, RFC 3581), a
// preloaded Route, a Record-Route, and the headers a UA adds that a proxy never reads.
constexpr std::string_view kInvite = R"(INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com:5060;branch=z9hG4bK77ef4c2312983.1
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.101;rport=5060
Max-Forwards: 69
Route: <sip:ss2.biloxi.example.com;lr>
Record-Route: <sip:bigbox3.site3.atlanta.example.com;lr>
To: Bob <sip:bob@biloxi.example.com>
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.atlanta.example.com
CSeq: 314159 INVITE
Contact: <sip:alice@pc33.atlanta.example.com:5060;transport=udp>
Allow: INVITE, ACK, CANCEL, OPTIONS, BYE
User-Agent: Dialtone-Bench/1.0
Content-Type: application/sdp
Content-Length: 241

v=0
o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com
s=-
c=IN IP4 192.0.2.101
t=0 0
m=audio 49172 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=sendrecv
)";

// Bob's 180 on its way back through both proxies: three Vias, the route set recorded as
// one comma-separated Record-Route line, and the To tag that starts the early dialog.
constexpr std::string_view kRinging = R"(SIP/2.0 180 Ringing
Via: SIP/2.0/UDP server10.biloxi.example.com:5060;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3
Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com:5060;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.101;rport=5060
Record-Route: <sip:server10.biloxi.example.com;lr>, <sip:bigbox3.site3.atlanta.example.com;lr>
To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.atlanta.example.com
CSeq: 314159 INVITE
Contact: <sip:bob@192.0.2.4:5062>
Content-Length: 0

)";

// Bob's 200 with the SDP answer, the route set on two Record-Route lines this time.
constexpr std::string_view kOk = R"(SIP/2.0 200 OK
Via: SIP/2.0/UDP server10.biloxi.example.com:5060;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3
Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com:5060;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.101;rport=5060
Record-Route: <sip:server10.biloxi.example.com;lr>
Record-Route: <sip:bigbox3.site3.atlanta.example.com;lr>
To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.atlanta.example.com
CSeq: 314159 INVITE
Contact: <sip:bob@192.0.2.4:5062>
Content-Type: application/sdp
Content-Length: 180

v=0
o=bob 2890844527 2890844527 IN IP4 192.0.2.4
s=-
c=IN IP4 192.0.2.4
t=0 0
m=audio 3456 RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=sendrecv
)";

// A REGISTER answering a digest challenge (RFC 3261 §22.4, qop=auth per RFC 7616), sent
// over TCP through an outbound proxy, asking for rport (RFC 3581) with a bare parameter.
constexpr std::string_view kRegister = R"(REGISTER sip:registrar.biloxi.example.com SIP/2.0
Via: SIP/2.0/TCP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;rport
Max-Forwards: 70
Route: <sip:proxy.biloxi.example.com:5060;lr>
To: Bob <sip:bob@biloxi.example.com>
From: Bob <sip:bob@biloxi.example.com>;tag=456248
Call-ID: 843817637684230@998sdasdh09
CSeq: 1826 REGISTER
Contact: <sip:bob@192.0.2.4:5062;transport=tcp>;expires=7200
Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001
Expires: 7200
User-Agent: Dialtone-Bench/1.0
Content-Length: 0

)";

// Via values shared by the INVITE's responses.
constexpr ViaFields kViaServer10{.host = "server10.biloxi.example.com",
                                 .port = 5060,
                                 .branch = "z9hG4bK4b43c2ff8.1",
                                 .received = "192.0.2.3"};
constexpr ViaFields kViaBigbox3{
    .host = "bigbox3.site3.atlanta.example.com", .port = 5060, .branch = "z9hG4bK77ef4c2312983.1"};
constexpr ViaFields kViaPc33{.host = "pc33.atlanta.example.com",
                             .branch = "z9hG4bKnashds8",
                             .received = "192.0.2.101",
                             .rport = "5060",
                             .has_rport = true};
constexpr UriFields kAlice{.user = "alice", .host = "atlanta.example.com"};
constexpr UriFields kBob{.user = "bob", .host = "biloxi.example.com"};
constexpr UriFields kServer10Lr{.host = "server10.biloxi.example.com"};
constexpr UriFields kBigbox3Lr{.host = "bigbox3.site3.atlanta.example.com"};

ProxyFields expected_invite() {
    ProxyFields f;
    f.is_request = true;
    f.request_uri = kBob;
    f.vias[0] = kViaBigbox3;
    f.vias[1] = kViaPc33;
    f.via_count = 2;
    f.from = kAlice;
    f.from_tag = "1928301774";
    f.to = kBob;
    f.call_id = "a84b4c76e66710@pc33.atlanta.example.com";
    f.cseq_number = 314159;
    f.cseq_method = "INVITE";
    f.has_max_forwards = true;
    f.max_forwards = 69;
    f.routes[0] = {.host = "ss2.biloxi.example.com"};
    f.route_count = 1;
    f.record_routes[0] = kBigbox3Lr;
    f.record_route_count = 1;
    f.has_contact = true;
    f.contact = {.user = "alice", .host = "pc33.atlanta.example.com", .port = 5060};
    f.content_length = 241;
    return f;
}

ProxyFields expected_response(int status, std::size_t content_length) {
    ProxyFields f;
    f.status = status;
    f.vias[0] = kViaServer10;
    f.vias[1] = kViaBigbox3;
    f.vias[1].received = "192.0.2.2";
    f.vias[2] = kViaPc33;
    f.via_count = 3;
    f.from = kAlice;
    f.from_tag = "1928301774";
    f.to = kBob;
    f.to_tag = "a6c85cf";
    f.call_id = "a84b4c76e66710@pc33.atlanta.example.com";
    f.cseq_number = 314159;
    f.cseq_method = "INVITE";
    f.record_routes[0] = kServer10Lr;
    f.record_routes[1] = kBigbox3Lr;
    f.record_route_count = 2;
    f.has_contact = true;
    f.contact = {.user = "bob", .host = "192.0.2.4", .port = 5062};
    f.content_length = content_length;
    return f;
}

ProxyFields expected_register() {
    ProxyFields f;
    f.is_request = true;
    f.request_uri = {.host = "registrar.biloxi.example.com"};
    f.vias[0] = {.host = "bobspc.biloxi.example.com",
                 .port = 5060,
                 .branch = "z9hG4bKnashds7",
                 .has_rport = true};
    f.via_count = 1;
    f.from = kBob;
    f.from_tag = "456248";
    f.to = kBob;
    f.call_id = "843817637684230@998sdasdh09";
    f.cseq_number = 1826;
    f.cseq_method = "REGISTER";
    f.has_max_forwards = true;
    f.max_forwards = 70;
    f.routes[0] = {.host = "proxy.biloxi.example.com", .port = 5060};
    f.route_count = 1;
    f.has_contact = true;
    f.contact = {.user = "bob", .host = "192.0.2.4", .port = 5062};
    f.content_length = 0;
    return f;
}

// Case-insensitive prefix match for a header name at the start of a line.
bool starts_with_nocase(std::string_view line, std::string_view prefix) {
    if (line.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char a = line[i];
        char b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

}  // namespace

const std::vector<BenchMessage>& bench_messages() {
    static const std::vector<BenchMessage> messages = {
        {"invite", crlf(kInvite), expected_invite()},
        {"ringing", crlf(kRinging), expected_response(180, 0)},
        {"ok", crlf(kOk), expected_response(200, 180)},
        {"register", crlf(kRegister), expected_register()},
    };
    return messages;
}

std::string check_framing(const BenchMessage& m) {
    const std::string_view bytes = m.bytes;
    const std::size_t end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos) return "no blank line after the headers";
    const std::size_t body = bytes.size() - (end + 4);
    std::size_t declared = 0;
    bool found = false;
    std::size_t pos = 0;
    while (pos < end) {
        const std::size_t eol = bytes.find("\r\n", pos);
        const std::string_view line = bytes.substr(pos, eol - pos);
        if (starts_with_nocase(line, "Content-Length:")) {
            found = true;
            for (char c : line.substr(15)) {
                if (c >= '0' && c <= '9')
                    declared = declared * 10 + static_cast<std::size_t>(c - '0');
            }
        }
        pos = eol + 2;
    }
    if (!found) return "no Content-Length header";
    if (declared != body) {
        return "Content-Length says " + std::to_string(declared) + ", body has " +
               std::to_string(body);
    }
    if (declared != m.expected.content_length)
        return "expected content_length disagrees with the message";
    return {};
}

}  // namespace dialtone::bench
