// The offerer's side of RFC 3264: what an answer to our offer settles (§7), and the checks
// that an answer keeps the rules of §6.

#include "dialtone/sip/sdp/offer_answer.hpp"
#include "sip/sdp/resolved_format.hpp"
#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

namespace {

using detail::ResolvedFormat;

Error answer_error(std::size_t stream, const std::string& reason) {
    std::string where = stream == 0 ? "" : "m= line " + std::to_string(stream) + " of the answer: ";
    return Error{488, 0, 0, where + reason};
}

std::uint16_t next_port(std::uint16_t port) {
    return port == 65535 ? 0 : static_cast<std::uint16_t>(port + 1);
}

// The offered format an answered one stands for: same codec (the numbers may differ,
// RFC 4317 §2.3), the same number first. A dynamic type the answer left without rtpmap is
// taken to mean what we offered under that number (lenient: §6.1 wants the rtpmap).
const ResolvedFormat* offered_match(const std::vector<ResolvedFormat>& offered,
                                    const ResolvedFormat& answered, bool rtp,
                                    const std::vector<bool>& used) {
    if (!rtp) {
        for (std::size_t k = 0; k < offered.size(); ++k)
            if (!used[k] && text::iequals(offered[k].fmt, answered.fmt)) return &offered[k];
        return nullptr;
    }
    const ResolvedFormat* by_codec = nullptr;
    for (std::size_t k = 0; k < offered.size(); ++k) {
        const ResolvedFormat& o = offered[k];
        if (used[k] || !o.encoding) continue;
        const bool same_number = o.payload_type == answered.payload_type;
        if (!answered.encoding) {
            if (same_number) return &o;
            continue;
        }
        if (!o.encoding->same_codec(*answered.encoding)) continue;
        if (same_number) return &o;
        if (by_codec == nullptr) by_codec = &o;
    }
    return by_codec;
}

EventSet events_of(const ResolvedFormat& f) {
    // RFC 4733 §2.4.1: no fmtp means DTMF 0-15; an unreadable list, the same.
    if (f.fmtp)
        if (auto s = EventSet::parse(*f.fmtp)) return *s;
    return EventSet::dtmf();
}

}  // namespace

Result<NegotiatedSession> apply_answer(const SessionDescription& our_offer,
                                       const SessionDescription& answer) {
    if (answer.media.size() != our_offer.media.size()) {
        return answer_error(0, "it has " + std::to_string(answer.media.size()) +
                                   " m= lines, the offer had " +
                                   std::to_string(our_offer.media.size()) + " (RFC 3264 §6)");
    }
    NegotiatedSession out;
    for (std::size_t i = 0; i < our_offer.media.size(); ++i) {
        const MediaDescription& om = our_offer.media[i];
        const MediaDescription& am = answer.media[i];
        if (!text::iequals(om.media, am.media)) {
            return answer_error(
                i + 1, "media " + am.media + " where " + om.media + " was offered (RFC 3264 §6)");
        }
        NegotiatedStream ns;
        ns.index = i;
        ns.media = om.media;
        ns.proto = om.proto;
        if (om.rejected() && !am.rejected())
            return answer_error(i + 1, "a port for a stream offered with port 0 (RFC 3264 §6)");
        if (om.rejected() || am.rejected()) {
            out.streams.push_back(std::move(ns));
            continue;
        }
        const Connection* ac = answer.media_connection(i);
        if (ac == nullptr) return answer_error(i + 1, "an accepted stream without c=");
        const Connection* oc = our_offer.media_connection(i);

        const bool rtp = om.is_rtp();
        const auto offered = detail::resolve_formats(om);
        const auto answered = detail::resolve_formats(am);
        std::vector<bool> used(offered.size(), false);
        std::vector<NegotiatedTelephoneEvent> events;
        // In the answer's order: the peer's preference (§7: send the most preferred).
        for (const ResolvedFormat& a : answered) {
            const ResolvedFormat* o = offered_match(offered, a, rtp, used);
            if (o == nullptr) continue;  // §6.1: an added format we may not send with
            used[static_cast<std::size_t>(o - offered.data())] = true;
            if (rtp && o->is_telephone_event()) {
                const EventSet ours = events_of(*o);
                events.push_back(NegotiatedTelephoneEvent{
                    o->encoding->clock_rate, a.payload_type.value_or(0),
                    o->payload_type.value_or(0), events_of(a).intersect(ours), ours});
                continue;
            }
            NegotiatedCodec nc;
            nc.name = rtp ? o->encoding->encoding_name : std::string(o->fmt);
            nc.clock_rate = rtp ? o->encoding->clock_rate : 0;
            nc.channels = rtp ? o->encoding->channels() : 1;
            nc.send_payload_type = a.payload_type.value_or(0);
            nc.receive_payload_type = o->payload_type.value_or(0);
            nc.send_fmtp = std::string(a.fmtp.value_or(""));
            nc.receive_fmtp = std::string(o->fmtp.value_or(""));
            ns.codecs.push_back(std::move(nc));
        }
        if (ns.codecs.empty() && events.empty())
            return answer_error(i + 1, "no format in common with the offer (RFC 3264 §6.1)");
        for (const NegotiatedTelephoneEvent& e : events) {
            if (!ns.telephone_event) ns.telephone_event = e;
            if (!ns.codecs.empty() && e.clock_rate == ns.codecs.front().clock_rate) {
                ns.telephone_event = e;
                break;
            }
        }

        // Our side: we send when we offered to and the peer receives (§6.1 table). An answer
        // that allows more than the offer did is narrowed, not refused.
        const Direction d =
            intersect(our_offer.media_direction(i), reverse(answer.media_direction(i)));
        ns.active = true;
        ns.direction = ac->is_unspecified() ? make_direction(false, receives(d)) : d;
        ns.send_ptime = am.ptime();
        ns.send_maxptime = am.maxptime();
        ns.receive_ptime = om.ptime();
        ns.remote_rtp = {std::string(ac->host()), am.port};
        if (const auto rtcp = am.rtcp()) {
            ns.remote_rtcp = {std::string(rtcp->address ? rtcp->address->host() : ac->host()),
                              rtcp->port};
        } else {
            ns.remote_rtcp = {std::string(ac->host()), next_port(am.port)};
        }
        const std::string local = oc != nullptr ? std::string(oc->host()) : std::string();
        ns.local_rtp = {local, om.port};
        const auto our_rtcp = om.rtcp();
        ns.local_rtcp = {
            our_rtcp && our_rtcp->address ? std::string(our_rtcp->address->host()) : local,
            our_rtcp ? our_rtcp->port : next_port(om.port)};
        out.streams.push_back(std::move(ns));
    }
    return out;
}

namespace {

// Compares two digit strings as numbers of any length.
int compare_decimal(std::string_view a, std::string_view b) {
    while (a.size() > 1 && a.front() == '0')
        a.remove_prefix(1);
    while (b.size() > 1 && b.front() == '0')
        b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

}  // namespace

Revision compare_revision(const SessionDescription& previous, const SessionDescription& next) {
    const Origin& p = previous.origin;
    const Origin& n = next.origin;
    if (p.username != n.username || p.session_id != n.session_id || p.nettype != n.nettype ||
        p.addrtype != n.addrtype || p.address != n.address) {
        return Revision::OriginChanged;
    }
    const int c = compare_decimal(n.session_version, p.session_version);
    if (c == 0) return Revision::Unchanged;
    return c > 0 ? Revision::Changed : Revision::VersionRegressed;
}

}  // namespace dialtone::sdp
