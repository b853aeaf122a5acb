#include "dialtone/sip/message/cseq.hpp"

#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/span_scan.hpp"

namespace dialtone::message {

Result<std::uint32_t> parse_uint(std::string_view value, std::uint32_t max) {
    std::uint64_t v = 0;
    if (!chars::parse_decimal(trim_lws(value), max, v))
        return ParseError{400, "number is malformed or out of range"};
    return static_cast<std::uint32_t>(v);
}

Result<CSeq> parse_cseq(std::string_view value) {
    static constexpr ParseError kBadNumber{400, "CSeq: number is malformed or not below 2^31"};
    static constexpr ParseError kNoMethod{400, "CSeq: missing method"};
    static constexpr ParseError kBadMethod{400, "CSeq: method is not a token"};
    // Values come trimmed from the parser: test the ends before calling the trimmer.
    std::string_view v = value;
    if (!v.empty() && (static_cast<unsigned char>(v.front()) <= ' ' ||
                       static_cast<unsigned char>(v.back()) <= ' '))
        v = trim_lws(v);
    const char* p = v.data();
    const char* const e = p + v.size();
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2^31. Digits are folded in
    // as they are read; past the limit the verdict is known (however many digits follow).
    std::uint64_t n = 0;
    while (p < e && chars::is_digit(*p)) {
        n = n * 10 + static_cast<std::uint64_t>(*p - '0');
        if (n > 0x7fffffffu) return kBadNumber;
        ++p;
    }
    if (p == v.data()) return kBadNumber;
    CSeq c;
    c.number = static_cast<std::uint32_t>(n);
    const char* const after_number = p;
    while (p < e && chars::is_lws(*p))
        ++p;
    if (p == after_number) return kNoMethod;
    const std::string_view method(p, static_cast<std::size_t>(e - p));
    if (method.empty() || span::run(method, 0, chars::kToken) != method.size()) return kBadMethod;
    c.method_text = method;
    c.method = method_from_name(method);
    return c;
}

}  // namespace dialtone::message
