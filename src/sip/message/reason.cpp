#include "dialtone/sip/message/reason.hpp"

#include <limits>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

Result<Reason> parse_reason(std::string_view element) {
    detail::Scanner sc(element);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Reason: empty value");
    Reason out;
    out.protocol_text = sc.token();
    if (out.protocol_text.empty()) return detail::bad_request("Reason: bad protocol");
    if (chars::iequals(out.protocol_text, "SIP")) {
        out.protocol = ReasonProtocol::Sip;
    } else if (chars::iequals(out.protocol_text, "Q.850")) {
        out.protocol = ReasonProtocol::Q850;
    }
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) return detail::params_error<"Reason: ">(check);

    bool found = false;
    const std::string_view cause = detail::raw_param(out.params, "cause", found);
    if (found) {
        if (!detail::is_all_digits(cause)) return detail::bad_request("Reason: bad cause");
        if (!detail::digits_to_u32(cause, std::numeric_limits<std::uint32_t>::max(), out.cause)) {
            return detail::bad_request("Reason: cause too large");
        }
        out.has_cause = true;
    }
    const std::string_view text = detail::raw_param(out.params, "text", found);
    if (found) {
        // reason-text = "text" EQUAL quoted-string (check_params made sure it is closed).
        if (text.empty() || text.front() != '"') {
            return detail::bad_request("Reason: text must be a quoted string");
        }
        out.text = detail::strip_delims(text);
        out.has_text = true;
    }
    return out;
}

}  // namespace dialtone::message
