#include "dialtone/sip/message/cseq.hpp"

#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"

namespace dialtone::message {

Result<std::uint32_t> parse_uint(std::string_view value, std::uint32_t max) {
    std::uint64_t v = 0;
    if (!chars::parse_decimal(trim_lws(value), max, v))
        return ParseError{400, "number is malformed or out of range"};
    return static_cast<std::uint32_t>(v);
}

Result<CSeq> parse_cseq(std::string_view value) {
    const std::string_view v = trim_lws(value);
    std::size_t i = 0;
    while (i < v.size() && chars::is_digit(v[i]))
        ++i;
    CSeq c;
    std::uint64_t n = 0;
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2^31.
    if (!chars::parse_decimal(v.substr(0, i), 0x7fffffffu, n))
        return ParseError{400, "CSeq: number is malformed or not below 2^31"};
    c.number = static_cast<std::uint32_t>(n);
    const std::size_t after_number = i;
    while (i < v.size() && chars::is_lws(v[i]))
        ++i;
    if (i == after_number) return ParseError{400, "CSeq: missing method"};
    c.method_text = v.substr(i);
    if (!chars::is_token(c.method_text)) return ParseError{400, "CSeq: method is not a token"};
    c.method = method_from_name(c.method_text);
    return c;
}

}  // namespace dialtone::message
