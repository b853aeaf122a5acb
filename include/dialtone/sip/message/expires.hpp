#pragma once
// Headers whose value is delta-seconds: Expires (RFC 3261 §20.19), Min-Expires (§20.23)
// and Min-SE (RFC 4028 §5, which may carry generic params). Max-Forwards lives in cseq.hpp
// (parse_uint); Session-Expires in session_expires.hpp.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

// 1*DIGIT, leading zeros allowed (RFC 4475 §3.1.1.1 wsinv), at most 2^32-1 (§20.19;
// RFC 4475 §3.1.2.4 scalar02 sends a 100-digit Expires, which must be refused). `header`
// picks the error wording and, for Min-SE, lets ";param" follow.
Result<std::uint32_t> parse_expires(std::string_view value, HeaderId header = HeaderId::Expires);

}  // namespace dialtone::message
