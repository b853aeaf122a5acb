#pragma once
// The formats of an m= line with what each stands for: for RTP its rtpmap, or the static
// assignment of RFC 3551 when there is none, and its fmtp. Built once per section so a
// long format list costs one pass over the attributes, not one per format.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dialtone/sip/sdp/media_description.hpp"
#include "dialtone/sip/sdp/rtpmap.hpp"

namespace dialtone::sdp::detail {

struct ResolvedFormat {
    std::string_view fmt;  // as written on the m= line
    std::optional<std::uint8_t> payload_type;
    std::optional<RtpMap> encoding;  // RTP only; none for a dynamic type without rtpmap
    bool explicit_rtpmap = false;
    std::optional<std::string_view> fmtp;

    bool is_telephone_event() const;
};

// Views into `m`, which must outlive the result.
std::vector<ResolvedFormat> resolve_formats(const MediaDescription& m);

}  // namespace dialtone::sdp::detail
