#pragma once
// Session descriptions written for these tests in the style of what common phones and
// servers send (none is a capture), plus the examples RFC 4566 itself gives. Written with
// LF for reading; crlf() gives the wire form.

#include <string>
#include <string_view>

namespace dialtone::sdp::test {

// "\n" -> "\r\n".
inline std::string crlf(std::string_view lf) {
    std::string out;
    out.reserve(lf.size() + lf.size() / 16);
    for (char c : lf) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

// RFC 4566 §5's example, with the r= and z= lines of §5.10 and §5.11 added.
inline constexpr std::string_view kRfc4566Example = R"(v=0
o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5
s=SDP Seminar
i=A Seminar on the session description protocol
u=http://www.example.com/seminars/sdp.pdf
e=j.doe@example.com (Jane Doe)
p=+1 617 555-6011
c=IN IP4 224.2.17.12/127
t=2873397496 2873404696
r=604800 3600 0 90000
z=2882844526 -1h 2898848070 0
a=recvonly
m=audio 49170 RTP/AVP 0
m=video 51372 RTP/AVP 99
a=rtpmap:99 h263-1998/90000
)";

// Linphone style: opus first, speex, telephone-event at three clock rates, rtcp-fb and
// rtcp-xr attributes we do not interpret.
inline constexpr std::string_view kLinphoneOffer = R"(v=0
o=alice 1733 2411 IN IP4 192.168.1.20
s=Talk
c=IN IP4 192.168.1.20
t=0 0
a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100
a=rtpmap:96 opus/48000/2
a=fmtp:96 useinbandfec=1
a=rtpmap:97 speex/16000
a=fmtp:97 vbr=on
a=rtpmap:98 speex/8000
a=fmtp:98 vbr=on
a=fmtp:18 annexb=yes
a=rtpmap:101 telephone-event/48000
a=rtpmap:99 telephone-event/16000
a=rtpmap:100 telephone-event/8000
a=rtcp-fb:* trr-int 1000
a=rtcp-fb:* ccm tmmbr
)";

// baresip style: b=AS, explicit a=sendrecv, rtcp-mux, ssrc.
inline constexpr std::string_view kBaresipOffer = R"(v=0
o=- 1609459200 1609459200 IN IP4 10.0.0.5
s=-
c=IN IP4 10.0.0.5
t=0 0
m=audio 10000 RTP/AVP 96 0 8 101
b=AS:80
a=rtpmap:96 opus/48000/2
a=fmtp:96 stereo=1;sprop-stereo=1
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=sendrecv
a=label:1
a=rtcp-rsize
a=rtcp-mux
a=ssrc:2147483647 cname:7e1c3e6c-0a0d
)";

// Cisco CallManager style: TIAS and AS bandwidth, ptime before rtpmap.
inline constexpr std::string_view kCiscoOffer = R"(v=0
o=CiscoSystemsCCM-SIP 2000 1 IN IP4 10.10.10.1
s=SIP Call
c=IN IP4 10.10.20.5
b=TIAS:64000
b=AS:64
t=0 0
m=audio 24580 RTP/AVP 0 101
b=TIAS:64000
a=ptime:20
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
)";

// Asterisk style: GSM, telephone-event 0-16, ptime and maxptime, explicit a=sendrecv.
inline constexpr std::string_view kAsteriskOffer = R"(v=0
o=- 1357908642 1357908642 IN IP4 203.0.113.10
s=Asterisk
c=IN IP4 203.0.113.10
t=0 0
m=audio 12040 RTP/AVP 0 8 3 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:3 GSM/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=maxptime:150
a=sendrecv
)";

// Polycom style: the direction at session level, G.722 first, G.722.1, G.729 annexb=no.
inline constexpr std::string_view kPolycomOffer = R"(v=0
o=- 1500000000 1500000000 IN IP4 172.16.0.30
s=Polycom IP Phone
c=IN IP4 172.16.0.30
t=0 0
a=sendrecv
m=audio 2226 RTP/AVP 9 102 0 8 18 127
a=rtpmap:9 G722/8000
a=rtpmap:102 G7221/16000
a=fmtp:102 bitrate=32000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:18 G729/8000
a=fmtp:18 annexb=no
a=rtpmap:127 telephone-event/8000
)";

// A browser-style (WebRTC) offer: ICE, DTLS and extension attributes, IPv6 c=, audio and
// video, a=rtcp with an address (RFC 3605).
inline constexpr std::string_view kWebRtcOffer = R"(v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=extmap-allow-mixed
a=msid-semantic: WMS stream
m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
c=IN IP6 2001:db8::1
a=rtcp:9 IN IP6 2001:db8::1
a=ice-ufrag:Yx3f
a=ice-pwd:8n1Q2hXyzAbCdEfGhIjKlMnO
a=ice-options:trickle
a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=sendrecv
a=rtcp-mux
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:63 red/48000/2
a=fmtp:63 111/111
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:126 telephone-event/8000
m=video 9 UDP/TLS/RTP/SAVPF 96 97
c=IN IP6 2001:db8::1
a=mid:1
a=recvonly
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
)";

// A fax gateway's T.38 re-offer: image stream over udptl, T38 attributes.
inline constexpr std::string_view kT38Offer = R"(v=0
o=- 3000 3001 IN IP4 198.51.100.7
s=-
c=IN IP4 198.51.100.7
t=0 0
m=image 4002 udptl t38
a=T38FaxVersion:0
a=T38MaxBitRate:14400
a=T38FaxRateManagement:transferredTCF
a=T38FaxMaxBuffer:262
a=T38FaxMaxDatagram:176
a=T38FaxUdpEC:t38UDPRedundancy
)";

// A camera in the GB/T 28181 style: the type letters y= and f= that RFC 4566 does not
// define, a session-level u=, a recvonly video stream over TCP.
inline constexpr std::string_view kCameraOffer = R"(v=0
o=34020000002000000001 0 0 IN IP4 192.0.2.44
s=Play
u=34020000001320000001:0
c=IN IP4 192.0.2.44
t=0 0
m=video 6000 TCP/RTP/AVP 96 98 97
a=recvonly
a=rtpmap:96 PS/90000
a=rtpmap:98 H264/90000
a=rtpmap:97 MPEG4/90000
a=setup:passive
a=connection:new
y=0100000001
f=v/2/4///a///
)";

// Every sample above, for the tests that run over all of them.
inline constexpr std::string_view kAllSamples[] = {
    kRfc4566Example, kLinphoneOffer, kBaresipOffer, kCiscoOffer,  kAsteriskOffer,
    kPolycomOffer,   kWebRtcOffer,   kT38Offer,     kCameraOffer,
};

}  // namespace dialtone::sdp::test
