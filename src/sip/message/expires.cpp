#include "dialtone/sip/message/expires.hpp"

#include <limits>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

using detail::Lit;

template <Lit H>
Result<std::uint32_t> parse_delta(std::string_view value, bool params_allowed) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request(detail::join_v<H, "empty value">);
    const std::string_view digits = sc.digits();
    if (digits.empty()) return detail::bad_request(detail::join_v<H, "bad delta-seconds">);
    std::uint32_t out = 0;
    if (!detail::digits_to_u32(digits, std::numeric_limits<std::uint32_t>::max(), out)) {
        return detail::bad_request(detail::join_v<H, "delta-seconds too large">);
    }
    if (params_allowed) {
        std::string_view params;
        const auto check = detail::check_params(sc, params);
        if (check != detail::ParamsCheck::Ok) return detail::params_error<H>(check);
    } else {
        sc.skip_lws();
        if (!sc.done()) return detail::bad_request(detail::join_v<H, "bad delta-seconds">);
    }
    return out;
}

}  // namespace

Result<std::uint32_t> parse_expires(std::string_view value, HeaderId header) {
    switch (header) {
        case HeaderId::MinExpires:
            return parse_delta<"Min-Expires: ">(value, false);
        case HeaderId::MinSE:
            return parse_delta<"Min-SE: ">(value, true);
        default:
            return parse_delta<"Expires: ">(value, false);
    }
}

}  // namespace dialtone::message
