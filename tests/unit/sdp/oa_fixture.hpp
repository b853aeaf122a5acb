#pragma once
// Shared pieces of the offer/answer tests: capability sets and parse helpers.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "dialtone/sip/sdp/offer_answer.hpp"
#include "sdp_samples.hpp"

namespace dialtone::sdp::test {

// Parses SDP that a test knows to be valid; fails the test otherwise.
inline SessionDescription sdp_of(std::string_view text) {
    auto r = SessionDescription::parse(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().description()) << "\n" << text;
    return r.ok() ? *r : SessionDescription{};
}

inline Codec codec(std::string name, std::uint32_t rate, std::uint8_t pt,
                   std::uint32_t channels = 1, std::string fmtp = {}) {
    return Codec{std::move(name), rate, channels, pt, std::move(fmtp)};
}

// A desk phone: opus, PCMU, PCMA, telephone-event 0-16, 20 ms, one audio stream.
inline MediaCapabilities phone_caps() {
    MediaCapabilities caps;
    caps.username = "dialtone";
    caps.address = "192.0.2.10";
    StreamCapabilities audio;
    audio.codecs = {codec("opus", 48000, 111, 2, "useinbandfec=1"), codec("PCMU", 8000, 0),
                    codec("PCMA", 8000, 8)};
    audio.telephone_events = {TelephoneEventFormat{101, 8000, EventSet::range(0, 16)}};
    audio.ptime = 20;
    audio.port = 40000;
    caps.streams = {audio};
    return caps;
}

// A plain offer from a peer at 198.51.100.5: `media_lines` follow the session lines.
inline SessionDescription peer_offer(std::string_view media_lines,
                                     std::string_view session_extra = {}) {
    std::string text =
        "v=0\r\no=peer 5000 5000 IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\n"
        "t=0 0\r\n";
    text += session_extra;
    text += crlf(media_lines);
    return sdp_of(text);
}

inline std::string fmt_list(const MediaDescription& m) {
    std::string out;
    for (const std::string& f : m.formats)
        out += (out.empty() ? "" : " ") + f;
    return out;
}

template <class T>
std::string error_text(const Result<T>& r) {
    return r.ok() ? "<ok>" : r.error().description();
}

}  // namespace dialtone::sdp::test
