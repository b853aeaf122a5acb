#include "dialtone/sip/message/retry_after.hpp"

#include <limits>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

Result<RetryAfter> parse_retry_after(std::string_view value) {
    constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Retry-After: empty value");
    RetryAfter out;
    const std::string_view digits = sc.digits();
    if (digits.empty()) return detail::bad_request("Retry-After: bad delta-seconds");
    if (!detail::digits_to_u32(digits, kMax, out.seconds)) {
        return detail::bad_request("Retry-After: delta-seconds too large");
    }
    sc.skip_lws();
    bool bad = false;
    const std::string_view comment = sc.comment(bad);
    if (bad) return detail::bad_request("Retry-After: unterminated comment");
    if (!comment.empty()) {
        out.comment = detail::strip_delims(comment);
        out.has_comment = true;
    }
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) return detail::params_error<"Retry-After: ">(check);

    bool found = false;
    const std::string_view duration = detail::raw_param(out.params, "duration", found);
    if (found) {
        if (!detail::is_all_digits(duration)) {
            return detail::bad_request("Retry-After: bad duration");
        }
        if (!detail::digits_to_u32(duration, kMax, out.duration)) {
            return detail::bad_request("Retry-After: duration too large");
        }
        out.has_duration = true;
    }
    return out;
}

}  // namespace dialtone::message
