#pragma once
// RAck (RFC 3262 §7.2): response-num LWS CSeq-num LWS Method, and RSeq (§7.1):
// response-num = 1*DIGIT. Both numbers go up to 2^32-1.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/method.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct RAck {
    std::uint32_t rseq = 0;  // response-num: the RSeq of the response being acknowledged
    std::uint32_t cseq = 0;  // CSeq-num of that response
    Method method = Method::Extension;
    std::string_view method_text;  // as written (methods are case-sensitive, §7.1 of 3261)
};

Result<RAck> parse_rack(std::string_view value);

// RSeq: one number, leading zeros allowed.
Result<std::uint32_t> parse_rseq(std::string_view value);

}  // namespace dialtone::message
