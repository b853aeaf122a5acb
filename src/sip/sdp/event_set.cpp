#include "dialtone/sip/sdp/event_set.hpp"

#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

EventSet EventSet::range(std::uint8_t first, std::uint8_t last) {
    EventSet s;
    for (unsigned e = first; e <= last; ++e)
        s.bits_.set(e);
    return s;
}

std::optional<EventSet> EventSet::parse(std::string_view list) {
    EventSet out;
    list = text::trim(list);
    if (list.empty()) return std::nullopt;
    while (true) {
        const std::size_t comma = list.find(',');
        const std::string_view item = text::trim(list.substr(0, comma));
        const std::size_t dash = item.find('-');
        const auto first = text::parse_uint<std::uint8_t>(item.substr(0, dash));
        if (!first) return std::nullopt;
        std::uint8_t last = *first;
        if (dash != std::string_view::npos) {
            const auto l = text::parse_uint<std::uint8_t>(item.substr(dash + 1));
            if (!l || *l < *first) return std::nullopt;
            last = *l;
        }
        for (unsigned e = *first; e <= last; ++e)
            out.bits_.set(e);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

EventSet EventSet::intersect(const EventSet& other) const {
    EventSet s;
    s.bits_ = bits_ & other.bits_;
    return s;
}

std::string EventSet::to_string() const {
    std::string out;
    unsigned e = 0;
    while (e < 256) {
        if (!bits_.test(e)) {
            ++e;
            continue;
        }
        unsigned last = e;
        while (last + 1 < 256 && bits_.test(last + 1))
            ++last;
        if (!out.empty()) out += ',';
        out += text::decimal(e);
        if (last != e) {
            // Appended in two steps: GCC 12 at -O3 reports a false -Wrestrict for "-" + string.
            out += '-';
            out += text::decimal(last);
        }
        e = last + 1;
    }
    return out;
}

}  // namespace dialtone::sdp
