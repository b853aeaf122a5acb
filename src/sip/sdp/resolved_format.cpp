#include "sip/sdp/resolved_format.hpp"

#include <array>

#include "sip/sdp/text.hpp"

namespace dialtone::sdp::detail {

bool ResolvedFormat::is_telephone_event() const {
    return encoding && text::iequals(encoding->encoding_name, "telephone-event");
}

std::vector<ResolvedFormat> resolve_formats(const MediaDescription& m) {
    std::vector<ResolvedFormat> out;
    out.reserve(m.formats.size());
    if (!m.is_rtp()) {
        for (const std::string& f : m.formats)
            out.push_back(ResolvedFormat{f, std::nullopt, std::nullopt, false, m.fmtp(f)});
        return out;
    }
    // The first rtpmap and fmtp for each payload type win.
    std::array<std::optional<RtpMap>, 128> maps;
    std::array<std::optional<std::string_view>, 128> fmtps;
    for (const Attribute& a : m.attributes) {
        if (!a.has_value) continue;
        if (text::iequals(a.name, "rtpmap")) {
            if (auto map = parse_rtpmap(a.value); map && !maps[map->payload_type])
                maps[map->payload_type] = std::move(map);
        } else if (text::iequals(a.name, "fmtp")) {
            const auto f = parse_fmtp(a.value);
            const auto pt = f ? parse_payload_type(f->format) : std::nullopt;
            if (pt && !fmtps[*pt]) fmtps[*pt] = f->parameters;
        }
    }
    for (const std::string& f : m.formats) {
        ResolvedFormat r{f, parse_payload_type(f), std::nullopt, false, std::nullopt};
        if (r.payload_type) {
            const std::uint8_t pt = *r.payload_type;
            r.explicit_rtpmap = maps[pt].has_value();
            r.encoding = r.explicit_rtpmap ? maps[pt] : static_payload_type(pt);
            r.fmtp = fmtps[pt];
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace dialtone::sdp::detail
