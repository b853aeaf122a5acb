#include "dialtone/sip/message/cseq.hpp"

#include <bit>

#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/number_scan.hpp"
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
    number_scan::Digits8 head{0, 0};
    // Up to seven digits (always below 2^31) in one word when the value is long enough.
    if constexpr (std::endian::native == std::endian::little) {
        if (e - p >= 8) head = number_scan::digits8(p);
    }
    if (head.count != 0 && head.count < 8) {
        n = head.value;
        p += head.count;
    } else {
        while (p < e && chars::is_digit(*p)) {
            n = n * 10 + static_cast<std::uint64_t>(*p - '0');
            if (n > 0x7fffffffu) return kBadNumber;
            ++p;
        }
        if (p == v.data()) return kBadNumber;
    }
    CSeq c;
    c.number = static_cast<std::uint32_t>(n);
    const char* const after_number = p;
    if (p < e && *p == ' ') ++p;  // the usual single space
    while (p < e && chars::is_lws(*p))
        ++p;
    if (p == after_number) return kNoMethod;
    const std::string_view method(p, static_cast<std::size_t>(e - p));
    c.method = method_from_name(method);
    // A known method's name is a token; only an extension's octets need checking.
    if (c.method == Method::Extension &&
        (method.empty() || span::run(method, 0, chars::kToken) != method.size()))
        return kBadMethod;
    c.method_text = method;
    return c;
}

}  // namespace dialtone::message
