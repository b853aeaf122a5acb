#include "dialtone/sip/message/subscription_state.hpp"

#include <limits>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

// A delta-seconds parameter: absent is fine; present must be digits that fit 32 bits.
bool delta_param(std::string_view params, std::string_view name, std::uint32_t& out, bool& has) {
    const std::string_view v = detail::raw_param(params, name, has);
    if (!has) return true;
    return detail::is_all_digits(v) &&
           detail::digits_to_u32(v, std::numeric_limits<std::uint32_t>::max(), out);
}

}  // namespace

Result<SubscriptionState> parse_subscription_state(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Subscription-State: empty value");
    SubscriptionState out;
    out.state_text = sc.token();
    if (out.state_text.empty()) return detail::bad_request("Subscription-State: bad state");
    if (chars::iequals(out.state_text, "active")) {
        out.state = SubState::Active;
    } else if (chars::iequals(out.state_text, "pending")) {
        out.state = SubState::Pending;
    } else if (chars::iequals(out.state_text, "terminated")) {
        out.state = SubState::Terminated;
    }
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) {
        return detail::params_error<"Subscription-State: ">(check);
    }
    if (!delta_param(out.params, "expires", out.expires, out.has_expires)) {
        return detail::bad_request("Subscription-State: bad expires parameter");
    }
    if (!delta_param(out.params, "retry-after", out.retry_after, out.has_retry_after)) {
        return detail::bad_request("Subscription-State: bad retry-after parameter");
    }
    bool found = false;
    const std::string_view reason = detail::raw_param(out.params, "reason", found);
    if (found) {
        if (!chars::is_token(reason)) {
            return detail::bad_request("Subscription-State: bad reason parameter");
        }
        out.reason = reason;
    }
    return out;
}

}  // namespace dialtone::message
