// The answerer's side of RFC 3264: §6 (the answer), §8 (answers in an existing session).

#include "dialtone/sip/sdp/offer_answer.hpp"
#include "sip/sdp/resolved_format.hpp"
#include "sip/sdp/sdp_builder.hpp"
#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

namespace {

using detail::ResolvedFormat;

// One format of the offer we take, in offer order.
struct Taken {
    const ResolvedFormat* offered = nullptr;
    const Codec* codec = nullptr;                        // a codec, or
    const TelephoneEventFormat* event_format = nullptr;  // telephone-event
    EventSet events;                                     // its events, both sides'
    bool offered_events_listed = false;                  // the offer had an fmtp for it
};

struct StreamMatch {
    std::vector<Taken> taken;
    bool has_codec = false;

    // A stream is taken for a common codec; a stream of telephone-event alone is taken
    // for that (RFC 4317 §2.4 sends tones on their own stream).
    bool accepted(const std::vector<ResolvedFormat>& offered) const {
        if (has_codec) return true;
        if (taken.empty()) return false;
        for (const ResolvedFormat& f : offered)
            if (!f.is_telephone_event()) return false;
        return true;
    }
};

bool same_codec(const Codec& c, const RtpMap& offered) {
    return text::iequals(c.name, offered.encoding_name) && c.clock_rate == offered.clock_rate &&
           c.channels == offered.channels();
}

StreamMatch match_stream(const std::vector<ResolvedFormat>& offered, const StreamCapabilities& s,
                         bool rtp) {
    StreamMatch out;
    std::vector<bool> codec_used(s.codecs.size(), false);
    std::vector<bool> event_used(s.telephone_events.size(), false);
    for (const ResolvedFormat& f : offered) {
        if (rtp && !f.encoding) continue;  // a dynamic type without rtpmap: unknown
        if (rtp && f.is_telephone_event()) {
            // RFC 4733 §2.4.1: without an fmtp the receiver takes DTMF 0-15.
            const auto listed = f.fmtp ? EventSet::parse(*f.fmtp) : std::nullopt;
            if (f.fmtp && !listed) continue;  // an event list we cannot read
            const EventSet theirs = listed.value_or(EventSet::dtmf());
            for (std::size_t k = 0; k < s.telephone_events.size(); ++k) {
                const TelephoneEventFormat& te = s.telephone_events[k];
                if (event_used[k] || te.clock_rate != f.encoding->clock_rate) continue;
                const EventSet common = theirs.intersect(te.events);
                if (common.empty()) continue;
                event_used[k] = true;
                out.taken.push_back(Taken{&f, nullptr, &te, common, f.fmtp.has_value()});
                break;
            }
            continue;
        }
        for (std::size_t k = 0; k < s.codecs.size(); ++k) {
            const Codec& c = s.codecs[k];
            const bool match = rtp ? same_codec(c, *f.encoding) : text::iequals(c.name, f.fmt);
            if (codec_used[k] || !match) continue;
            codec_used[k] = true;
            out.taken.push_back(Taken{&f, &c, nullptr, {}, false});
            out.has_codec = true;
            break;
        }
    }
    return out;
}

TransportAddress remote_rtcp(const MediaDescription& m, std::string_view rtp_host) {
    if (const auto rtcp = m.rtcp())
        return {std::string(rtcp->address ? rtcp->address->host() : rtp_host), rtcp->port};
    return {std::string(rtp_host),
            m.port == 65535 ? std::uint16_t{0} : static_cast<std::uint16_t>(m.port + 1)};
}

// The answer's m= section and what it settles, for a stream we take.
MediaDescription answer_stream(const MediaDescription& om, const MediaCapabilities& caps,
                               const StreamCapabilities& s, const StreamMatch& match,
                               Direction direction, NegotiatedStream& ns) {
    MediaDescription m;
    m.media = om.media;
    m.port = s.port;
    m.proto = om.proto;
    detail::add_connection(m, caps, s);
    const bool rtp = om.is_rtp();
    for (const Taken& t : match.taken) {
        const ResolvedFormat& f = *t.offered;
        m.formats.emplace_back(f.fmt);
        // §6.1: the offerer's numbers, with rtpmap for every one (static ones too, SHOULD).
        if (rtp) detail::add_rtpmap(m, f.fmt, *f.encoding);
        if (t.codec != nullptr) {
            if (!t.codec->fmtp.empty()) detail::add_fmtp(m, f.fmt, t.codec->fmtp);
            NegotiatedCodec nc;
            nc.name = rtp ? f.encoding->encoding_name : std::string(f.fmt);
            nc.clock_rate = rtp ? f.encoding->clock_rate : t.codec->clock_rate;
            nc.channels = rtp ? f.encoding->channels() : t.codec->channels;
            nc.send_payload_type = f.payload_type.value_or(0);
            nc.receive_payload_type = nc.send_payload_type;
            nc.send_fmtp = std::string(f.fmtp.value_or(""));
            nc.receive_fmtp = t.codec->fmtp;
            ns.codecs.push_back(std::move(nc));
        } else {
            // Without an fmtp both sides mean DTMF 0-15; write ours only when it differs.
            if (t.offered_events_listed || t.events != EventSet::dtmf())
                detail::add_fmtp(m, f.fmt, t.events.to_string());
        }
    }
    // telephone-event at the clock rate of the codec we send with, else the first one.
    const Taken* chosen = nullptr;
    for (const Taken& t : match.taken) {
        if (t.event_format == nullptr) continue;
        if (chosen == nullptr) chosen = &t;
        if (!ns.codecs.empty() && t.event_format->clock_rate == ns.codecs.front().clock_rate) {
            chosen = &t;
            break;
        }
    }
    if (chosen != nullptr) {
        const std::uint8_t pt = chosen->offered->payload_type.value_or(101);
        ns.telephone_event = NegotiatedTelephoneEvent{chosen->event_format->clock_rate, pt, pt,
                                                      chosen->events, chosen->events};
    }
    detail::add_stream_attributes(m, caps, s, direction);
    return m;
}

}  // namespace

Result<Answer> make_answer(const SessionDescription& offer, const MediaCapabilities& caps,
                           const AnswerOptions& options) {
    if (options.previous != nullptr && offer.media.size() < options.previous->media.size()) {
        return Error{488, 0, 0,
                     "the offer drops m= lines of the session (RFC 3264 §8: their number never "
                     "goes down)"};
    }
    Answer answer;
    answer.sdp = detail::session_lines(
        caps, options.previous != nullptr
                  ? options.previous->origin
                  : detail::new_origin(caps, options.session_id, options.session_version));
    // §6: "The t= line in the answer MUST equal that of the offer."
    if (!offer.timings.empty()) answer.sdp.timings = offer.timings;

    std::vector<bool> used(caps.streams.size(), false);
    bool offered_active = false;
    std::uint16_t warning = 0;
    for (std::size_t i = 0; i < offer.media.size(); ++i) {
        const MediaDescription& om = offer.media[i];
        NegotiatedStream ns;
        ns.index = i;
        ns.media = om.media;
        ns.proto = om.proto;
        const Connection* oc = offer.media_connection(i);
        if (om.rejected() || oc == nullptr) {
            answer.sdp.media.push_back(detail::rejected_stream(om));
            answer.negotiated.streams.push_back(std::move(ns));
            continue;
        }
        offered_active = true;
        const auto offered = detail::resolve_formats(om);
        const bool rtp = om.is_rtp();
        bool media_known = false;
        bool proto_known = false;
        std::size_t chosen = caps.streams.size();
        StreamMatch match;
        for (std::size_t k = 0; k < caps.streams.size(); ++k) {
            const StreamCapabilities& s = caps.streams[k];
            if (used[k] || s.port == 0 || !text::iequals(s.media, om.media)) continue;
            media_known = true;
            if (!text::iequals(s.proto, om.proto)) continue;
            proto_known = true;
            match = match_stream(offered, s, rtp);
            if (match.accepted(offered)) {
                chosen = k;
                break;
            }
        }
        if (chosen == caps.streams.size()) {
            // RFC 3261 §20.43: 304 no such media, 302 no such transport, 305 no codec.
            const std::uint16_t why = !media_known ? 304 : !proto_known ? 302 : 305;
            if (warning == 0) warning = why;
            answer.sdp.media.push_back(detail::rejected_stream(om));
            answer.negotiated.streams.push_back(std::move(ns));
            continue;
        }
        used[chosen] = true;
        const StreamCapabilities& s = caps.streams[chosen];
        // §6.1: sendonly <-> recvonly, inactive stays inactive; and never more than we do.
        Direction d = intersect(reverse(offer.media_direction(i)), s.direction);
        if (options.hold) d = hold(d);
        answer.sdp.media.push_back(answer_stream(om, caps, s, match, d, ns));

        ns.active = true;
        ns.capability_index = chosen;
        // §8.4 (RFC 2543 style hold): nothing is sent to 0.0.0.0.
        ns.direction = oc->is_unspecified() ? make_direction(false, receives(d)) : d;
        ns.send_ptime = om.ptime();
        ns.send_maxptime = om.maxptime();
        ns.receive_ptime = s.ptime;
        ns.remote_rtp = {std::string(oc->host()), om.port};
        ns.remote_rtcp = remote_rtcp(om, oc->host());
        const std::string& local = detail::stream_address(caps, s);
        ns.local_rtp = {local, s.port};
        ns.local_rtcp = {local, detail::rtcp_port_of(s)};
        answer.negotiated.streams.push_back(std::move(ns));
    }
    if (offered_active && !answer.negotiated.has_active_stream()) {
        Error e{488, warning, 0, {}};
        e.reason = "no offered stream can be accepted: " + std::string(e.warning_text());
        return e;
    }
    if (options.previous != nullptr) detail::settle_version(answer.sdp, *options.previous);
    return answer;
}

}  // namespace dialtone::sdp
