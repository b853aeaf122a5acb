#include "dialtone/sip/message/replaces.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

std::string_view word(detail::Scanner& sc) {
    const std::size_t start = sc.i;
    while (!sc.done() && chars::is(sc.peek(), chars::kWord))
        ++sc.i;
    return sc.since(start);
}

// Number of parameters named `name`; `value` gets the first one's value.
int count_param(std::string_view params, std::string_view name, Param& first) {
    ParamCursor cur(params);
    Param p;
    int n = 0;
    while (cur.next(p)) {
        if (chars::iequals(p.name, name) && n++ == 0) first = p;
    }
    return n;
}

}  // namespace

Result<Replaces> parse_replaces(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Replaces: empty value");
    Replaces out;
    const std::size_t start = sc.i;
    if (word(sc).empty()) return detail::bad_request("Replaces: bad call-id");
    if (sc.eat('@') && word(sc).empty()) return detail::bad_request("Replaces: bad call-id");
    out.call_id = sc.since(start);
    const auto check = detail::check_params(sc, out.params);
    if (check != detail::ParamsCheck::Ok) return detail::params_error<"Replaces: ">(check);

    Param p;
    int n = count_param(out.params, "to-tag", p);
    if (n == 0) return detail::bad_request("Replaces: missing to-tag");
    if (n > 1) return detail::bad_request("Replaces: more than one to-tag");
    if (!chars::is_token(p.value)) return detail::bad_request("Replaces: bad to-tag");
    out.to_tag = p.value;
    n = count_param(out.params, "from-tag", p);
    if (n == 0) return detail::bad_request("Replaces: missing from-tag");
    if (n > 1) return detail::bad_request("Replaces: more than one from-tag");
    if (!chars::is_token(p.value)) return detail::bad_request("Replaces: bad from-tag");
    out.from_tag = p.value;
    out.early_only = find_param(out.params, "early-only", p);
    return out;
}

}  // namespace dialtone::message
