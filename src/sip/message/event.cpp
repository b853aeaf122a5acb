#include "dialtone/sip/message/event.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

bool is_event_type(std::string_view text) {
    if (!chars::is_token(text)) return false;
    // token-nodot parts: no leading, trailing or doubled dot.
    return text.front() != '.' && text.back() != '.' && text.find("..") == std::string_view::npos;
}

Result<Event> parse_event(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Event: empty value");
    Event out;
    out.type = sc.token();
    if (!is_event_type(out.type)) return detail::bad_request("Event: bad event type");
    const std::size_t dot = out.type.find('.');
    out.package = out.type.substr(0, dot);
    if (dot != std::string_view::npos) out.templates = out.type.substr(dot + 1);
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) return detail::params_error<"Event: ">(check);
    bool found = false;
    const std::string_view id = detail::raw_param(out.params, "id", found);
    if (found) {
        if (!chars::is_token(id)) return detail::bad_request("Event: bad id parameter");
        out.id = id;
        out.has_id = true;
    }
    return out;
}

}  // namespace dialtone::message
