#pragma once
// The properties fuzz_sdp checks, shared with the unit test that replays saved inputs and
// seeds (tests/unit/sdp/fuzz_sdp_regressions_test.cpp). check_sdp returns nullptr when every
// invariant holds, or the one that broke; memory errors are left to the sanitizers.
//
//   - parse never crashes; a refusal is a 400 with a line number inside the input;
//   - parse -> to_string -> parse gives the same model, and writing it again the same text;
//   - every typed reader runs;
//   - the input as an offer: make_answer either refuses with 488 or gives an answer that
//     parses back the same and that apply_answer accepts as an answer to that offer, with
//     the same streams active on both sides;
//   - the input as an answer to our offer: apply_answer does not crash, and a re-offer built
//     on the input parses back the same.

#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/sdp/offer_answer.hpp"

namespace dialtone::fuzz {

namespace sdp = dialtone::sdp;

inline void touch_sdp(std::string_view v) {
    static volatile std::uint32_t sink = 0;
    std::uint32_t h = static_cast<std::uint32_t>(v.size());
    for (char c : v)
        h = h * 31 + static_cast<unsigned char>(c);
    sink = sink + h;
}

// What a desk phone with video and fax can do.
inline const sdp::MediaCapabilities& fuzz_capabilities() {
    static const sdp::MediaCapabilities caps = [] {
        sdp::MediaCapabilities c;
        c.address = "192.0.2.1";
        sdp::StreamCapabilities audio;
        audio.codecs = {{"opus", 48000, 2, 111, "useinbandfec=1"},
                        {"PCMU", 8000, 1, 0, {}},
                        {"PCMA", 8000, 1, 8, {}},
                        {"G729", 8000, 1, 18, "annexb=no"},
                        {"telephone-event", 8000, 1, 100, {}}};  // as a codec: must not break
        audio.telephone_events = {{101, 8000, sdp::EventSet::range(0, 16)},
                                  {102, 48000, sdp::EventSet::dtmf()}};
        audio.ptime = 20;
        audio.port = 4000;
        audio.rtcp_port = 4005;
        sdp::StreamCapabilities video;
        video.media = "video";
        video.codecs = {{"H264", 90000, 1, 96, "packetization-mode=1"}, {"VP8", 90000, 1, 97, {}}};
        video.address = "2001:db8::1";
        video.port = 4002;
        video.direction = sdp::Direction::RecvOnly;
        sdp::StreamCapabilities fax;
        fax.media = "image";
        fax.proto = "udptl";
        fax.codecs = {{"t38", 0, 1, 0, {}}};
        fax.port = 4010;
        c.streams = {audio, video, fax};
        return c;
    }();
    return caps;
}

inline void touch_readers(const sdp::SessionDescription& s) {
    touch_sdp(sdp::direction_name(s.direction().value_or(sdp::Direction::SendRecv)));
    touch_sdp(s.has_unknown_lines() ? "u" : "");
    for (std::size_t i = 0; i < s.media.size(); ++i) {
        const sdp::MediaDescription& m = s.media[i];
        touch_sdp(sdp::direction_name(s.media_direction(i)));
        if (const sdp::Connection* c = s.media_connection(i)) {
            touch_sdp(c->host());
            touch_sdp(c->is_unspecified() ? "0" : "");
        }
        for (std::uint8_t pt : m.payload_types()) {
            if (const auto codec = m.codec(pt)) touch_sdp(codec->encoding());
        }
        for (const std::string& f : m.formats)
            touch_sdp(m.fmtp(f).value_or(""));
        touch_sdp(std::to_string(m.ptime().value_or(0) + m.maxptime().value_or(0)));
        if (const auto rtcp = m.rtcp()) touch_sdp(std::to_string(rtcp->port));
        if (const auto d = m.direction()) touch_sdp(sdp::direction_name(*d));
    }
}

inline std::size_t count_lines(std::string_view data) {
    std::size_t n = 1;
    for (char c : data)
        n += c == '\n' ? 1 : 0;
    return n;
}

// An SDP we built must read back as itself.
inline const char* check_own(const sdp::SessionDescription& built, const char* what) {
    const std::string text = built.to_string();
    const auto back = sdp::SessionDescription::parse(text);
    if (!back.ok() || !(*back == built)) return what;
    return nullptr;
}

inline const char* check_as_offer(const sdp::SessionDescription& offer) {
    const sdp::MediaCapabilities& caps = fuzz_capabilities();
    for (bool hold : {false, true}) {
        const auto answer =
            sdp::make_answer(offer, caps, {.session_id = 1, .session_version = 1, .hold = hold});
        if (!answer.ok()) {
            if (answer.error().status != 488) return "make_answer refused without 488";
            touch_sdp(answer.error().reason_phrase());
            continue;
        }
        if (answer->sdp.media.size() != offer.media.size())
            return "the answer has another number of m= lines";
        if (answer->negotiated.streams.size() != offer.media.size())
            return "the answerer's result has another number of streams";
        if (const char* b = check_own(answer->sdp, "our answer does not parse back the same"))
            return b;
        const auto settled = sdp::apply_answer(offer, answer->sdp);
        if (!settled.ok()) return "apply_answer refuses the answer make_answer built";
        for (std::size_t i = 0; i < offer.media.size(); ++i) {
            const sdp::NegotiatedStream& ours = answer->negotiated.streams[i];
            const sdp::NegotiatedStream& theirs = settled->streams[i];
            if (ours.active != theirs.active) return "the two sides disagree on an active stream";
            if (ours.codecs.size() != theirs.codecs.size())
                return "the two sides disagree on the number of codecs";
        }
        // A later exchange in the same session keeps the o= line (RFC 3264 §8).
        const auto again = sdp::make_answer(offer, caps, {.previous = &answer->sdp, .hold = hold});
        if (!again.ok() || !(again->sdp == answer->sdp))
            return "the same offer answered again gives another answer";
        const auto reoffer = sdp::make_reoffer(answer->sdp, caps, {.hold = !hold});
        if (reoffer.media.size() < answer->sdp.media.size()) return "a re-offer dropped m= lines";
        if (const char* b = check_own(reoffer, "a re-offer does not parse back the same")) return b;
    }
    return nullptr;
}

inline const char* check_as_answer(const sdp::SessionDescription& answer) {
    const sdp::MediaCapabilities& caps = fuzz_capabilities();
    const sdp::SessionDescription offer = sdp::make_offer(caps, {7, 7});
    const auto settled = sdp::apply_answer(offer, answer);
    if (settled.ok()) {
        if (settled->streams.size() != offer.media.size())
            return "apply_answer settled another number of streams";
        for (const sdp::NegotiatedStream& s : settled->streams)
            if (s.active && s.codecs.empty() && !s.telephone_event)
                return "an active stream without any format";
    } else if (settled.error().status != 488) {
        return "apply_answer refused without 488";
    }
    // The input as the previous SDP of a re-offer (as if we had sent it).
    if (const char* b = check_own(sdp::make_reoffer(answer, caps),
                                  "a re-offer on the input does not parse back the same"))
        return b;
    return nullptr;
}

inline const char* check_sdp(std::string_view data) {
    const auto parsed = sdp::SessionDescription::parse(data);
    if (!parsed.ok()) {
        const sdp::Error& e = parsed.error();
        touch_sdp(e.reason_phrase());
        if (e.status != 400) return "a parse error that is not 400";
        if (e.reason.empty()) return "a parse error without a reason";
        if (e.line > count_lines(data)) return "a parse error on a line past the end";
        return nullptr;
    }
    const sdp::SessionDescription& sdp = *parsed;
    touch_readers(sdp);
    const std::string out = sdp.to_string();
    const auto again = sdp::SessionDescription::parse(out);
    if (!again.ok()) return "serialized SDP does not parse again";
    if (!(*again == sdp)) return "serialized SDP parses to another model";
    if (again->to_string() != out) return "serializing again gives other text";
    if (const char* b = check_as_offer(sdp)) return b;
    return check_as_answer(sdp);
}

}  // namespace dialtone::fuzz
