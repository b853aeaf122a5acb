#pragma once
// The order to_string writes the known lines of a section in, as (type, ordinal) pairs, so
// the parser can keep unknown lines in the order they will be written back: parse, write,
// parse then gives the same model even when the input had its lines out of order.

#include <cstdint>
#include <vector>

#include "dialtone/sip/sdp/session_description.hpp"

namespace dialtone::sdp::detail {

struct LineRef {
    char type;
    std::uint32_t ordinal;
};

std::vector<LineRef> session_line_order(const SessionDescription& s);
std::vector<LineRef> media_line_order(const MediaDescription& m);

// Stable-sorts unknown lines by where their anchor is written; those whose anchor does not
// exist go last, as the writer puts them.
void sort_extra_lines(std::vector<ExtraLine>& extras, const std::vector<LineRef>& order);

}  // namespace dialtone::sdp::detail
