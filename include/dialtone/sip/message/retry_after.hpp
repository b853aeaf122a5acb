#pragma once
// Retry-After (RFC 3261 §20.33): delta-seconds [ comment ] *( ";" retry-param ), where
// retry-param = "duration" "=" delta-seconds / generic-param.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct RetryAfter {
    std::uint32_t seconds = 0;  // delta-seconds: must fit 32 bits (RFC 4475 §3.1.2.5 scalarlg)
    std::string_view comment;   // text inside the parentheses, nesting kept; empty if none
    bool has_comment = false;
    std::uint32_t duration = 0;  // the "duration" parameter, when has_duration
    bool has_duration = false;
    std::string_view params;  // after the first ';' (no leading ';')
};

Result<RetryAfter> parse_retry_after(std::string_view value);

}  // namespace dialtone::message
