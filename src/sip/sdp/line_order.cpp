#include "sip/sdp/line_order.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace dialtone::sdp::detail {

namespace {

class OrderBuilder {
  public:
    void add(char type) {
        const auto i = static_cast<std::size_t>(type - 'a');
        out.push_back(LineRef{type, ++counts_[i]});
    }
    void add(char type, std::size_t n) {
        for (std::size_t k = 0; k < n; ++k)
            add(type);
    }
    std::vector<LineRef> out;

  private:
    std::array<std::uint32_t, 26> counts_{};
};

}  // namespace

// Keep in step with writer.cpp.
std::vector<LineRef> session_line_order(const SessionDescription& s) {
    OrderBuilder b;
    b.add('v');
    b.add('o');
    b.add('s', s.session_name ? 1 : 0);
    b.add('i', s.information ? 1 : 0);
    b.add('u', s.uri ? 1 : 0);
    b.add('e', s.emails.size());
    b.add('p', s.phones.size());
    b.add('c', s.connection ? 1 : 0);
    b.add('b', s.bandwidths.size());
    for (const Timing& t : s.timings) {
        b.add('t');
        b.add('r', t.repeats.size());
    }
    b.add('z', s.zone_adjustments ? 1 : 0);
    b.add('k', s.key ? 1 : 0);
    b.add('a', s.attributes.size());
    return std::move(b.out);
}

std::vector<LineRef> media_line_order(const MediaDescription& m) {
    OrderBuilder b;
    b.add('m');
    b.add('i', m.title ? 1 : 0);
    b.add('c', m.connections.size());
    b.add('b', m.bandwidths.size());
    b.add('k', m.key ? 1 : 0);
    b.add('a', m.attributes.size());
    return std::move(b.out);
}

void sort_extra_lines(std::vector<ExtraLine>& extras, const std::vector<LineRef>& order) {
    if (extras.size() < 2) return;
    std::array<std::vector<std::size_t>, 26> position;
    for (std::size_t i = 0; i < order.size(); ++i)
        position[static_cast<std::size_t>(order[i].type - 'a')].push_back(i);
    auto key = [&](const ExtraLine& e) {
        if (e.after_type < 'a' || e.after_type > 'z')
            return std::numeric_limits<std::size_t>::max();
        const auto& p = position[static_cast<std::size_t>(e.after_type - 'a')];
        if (e.after_ordinal == 0 || e.after_ordinal > p.size())
            return std::numeric_limits<std::size_t>::max();
        return p[e.after_ordinal - 1];
    };
    std::stable_sort(extras.begin(), extras.end(),
                     [&](const ExtraLine& a, const ExtraLine& b) { return key(a) < key(b); });
}

}  // namespace dialtone::sdp::detail
