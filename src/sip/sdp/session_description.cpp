#include "dialtone/sip/sdp/session_description.hpp"

namespace dialtone::sdp {

std::optional<Direction> SessionDescription::direction() const {
    for (const Attribute& a : attributes)
        if (auto d = parse_direction(a.name)) return d;
    return std::nullopt;
}

Direction SessionDescription::media_direction(std::size_t i) const {
    if (i < media.size())
        if (auto d = media[i].direction()) return *d;
    return direction().value_or(Direction::SendRecv);
}

const Connection* SessionDescription::media_connection(std::size_t i) const {
    if (i < media.size() && !media[i].connections.empty()) return &media[i].connections.front();
    return connection ? &*connection : nullptr;
}

bool SessionDescription::has_unknown_lines() const {
    if (!extra_lines.empty()) return true;
    for (const MediaDescription& m : media)
        if (!m.extra_lines.empty()) return true;
    return false;
}

}  // namespace dialtone::sdp
