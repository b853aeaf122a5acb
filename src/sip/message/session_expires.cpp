#include "dialtone/sip/message/session_expires.hpp"

#include <limits>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

Result<SessionExpires> parse_session_expires(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Session-Expires: empty value");
    SessionExpires out;
    const std::string_view digits = sc.digits();
    if (digits.empty()) return detail::bad_request("Session-Expires: bad delta-seconds");
    if (!detail::digits_to_u32(digits, std::numeric_limits<std::uint32_t>::max(), out.seconds)) {
        return detail::bad_request("Session-Expires: delta-seconds too large");
    }
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) {
        return detail::params_error<"Session-Expires: ">(check);
    }
    bool found = false;
    const std::string_view refresher = detail::raw_param(out.params, "refresher", found);
    if (found) {
        if (chars::iequals(refresher, "uac")) {
            out.refresher = Refresher::Uac;
        } else if (chars::iequals(refresher, "uas")) {
            out.refresher = Refresher::Uas;
        } else {
            return detail::bad_request("Session-Expires: refresher must be uac or uas");
        }
    }
    return out;
}

}  // namespace dialtone::message
