#include "dialtone/sip/message/rack.hpp"

#include <limits>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();

}  // namespace

Result<RAck> parse_rack(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("RAck: empty value");
    RAck out;
    std::string_view digits = sc.digits();
    if (digits.empty()) return detail::bad_request("RAck: bad response-num");
    if (!detail::digits_to_u32(digits, kMax, out.rseq)) {
        return detail::bad_request("RAck: response-num too large");
    }
    if (!sc.skip_lws()) {
        return detail::bad_request(sc.done() ? "RAck: missing CSeq-num" : "RAck: bad response-num");
    }
    digits = sc.digits();
    if (digits.empty()) return detail::bad_request("RAck: bad CSeq-num");
    if (!detail::digits_to_u32(digits, kMax, out.cseq)) {
        return detail::bad_request("RAck: CSeq-num too large");
    }
    if (!sc.skip_lws()) {
        return detail::bad_request(sc.done() ? "RAck: missing method" : "RAck: bad CSeq-num");
    }
    out.method_text = sc.token();
    sc.skip_lws();
    if (out.method_text.empty() || !sc.done()) return detail::bad_request("RAck: bad method");
    out.method = method_from_name(out.method_text);
    return out;
}

Result<std::uint32_t> parse_rseq(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("RSeq: empty value");
    const std::string_view digits = sc.digits();
    sc.skip_lws();
    if (digits.empty() || !sc.done()) return detail::bad_request("RSeq: bad response-num");
    std::uint32_t out = 0;
    if (!detail::digits_to_u32(digits, kMax, out)) {
        return detail::bad_request("RSeq: response-num too large");
    }
    return out;
}

}  // namespace dialtone::message
