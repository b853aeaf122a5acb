#include "dialtone/sip/message/content_disposition.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

bool ContentDisposition::handling_optional() const {
    return chars::iequals(handling, "optional");
}

std::string_view ContentDisposition::param(std::string_view name) const {
    return detail::param_value(params, name);
}

Result<ContentDisposition> parse_content_disposition(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Content-Disposition: empty value");
    ContentDisposition out;
    out.type = sc.token();
    if (out.type.empty()) return detail::bad_request("Content-Disposition: bad disposition type");
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) {
        return detail::params_error<"Content-Disposition: ">(check);
    }
    // handling-param = "handling" EQUAL ( "optional" / "required" / token ): a quoted
    // string or no value at all is not a handling value.
    Param handling;
    if (find_param(out.params, "handling", handling)) {
        if (!chars::is_token(handling.value)) {
            return detail::bad_request("Content-Disposition: bad handling parameter");
        }
        out.handling = handling.value;
    }
    return out;
}

}  // namespace dialtone::message
