#pragma once
#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/method.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct CSeq {
    std::uint32_t number = 0;  // RFC 3261 §8.1.1.5: less than 2^31
    Method method = Method::Extension;
    std::string_view method_text;
};

Result<CSeq> parse_cseq(std::string_view value);

// A non-negative decimal that fits `max` (delta-seconds, Max-Forwards, Content-Length...).
// Leading zeros are allowed (RFC 4475 wsinv); surrounding LWS is skipped.
Result<std::uint32_t> parse_uint(std::string_view value, std::uint32_t max);

}  // namespace dialtone::message
