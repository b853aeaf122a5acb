#include "dialtone/sip/message/content_type.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

using detail::bad_request;
using detail::Lit;
using detail::Scanner;

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
bool parse_qvalue(std::string_view v, std::uint16_t& out) {
    if (v.empty() || (v[0] != '0' && v[0] != '1')) return false;
    unsigned value = static_cast<unsigned>(v[0] - '0') * 1000;
    if (v.size() > 1) {
        if (v[1] != '.' || v.size() > 5) return false;
        unsigned scale = 100;
        for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
            if (!chars::is_digit(v[i])) return false;
            value += static_cast<unsigned>(v[i] - '0') * scale;
        }
    }
    if (value > 1000) return false;
    out = static_cast<std::uint16_t>(value);
    return true;
}

template <Lit H>
Result<MediaType> parse_media(std::string_view value, bool accept) {
    Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return bad_request(detail::join_v<H, "empty value">);
    MediaType out;
    out.type = sc.token();
    if (out.type.empty()) return bad_request(detail::join_v<H, "bad type">);
    // SLASH = SWS "/" SWS, so "text / plain" is legal.
    if (!sc.sep('/')) return bad_request(detail::join_v<H, "missing subtype">);
    out.subtype = sc.token();
    if (out.subtype.empty()) return bad_request(detail::join_v<H, "bad subtype">);
    const auto check = detail::check_params(sc, out.params, !accept);
    if (check != detail::ParamsCheck::Ok) return detail::params_error<H>(check);
    if (accept) {
        bool found = false;
        const std::string_view q = detail::param_value(out.params, "q", &found);
        if (found && !parse_qvalue(q, out.q)) return bad_request(detail::join_v<H, "bad q-value">);
    }
    return out;
}

// 3: exact, 2: type/*, 1: */*, 0: no match.
int specificity(const MediaType& range, std::string_view type, std::string_view subtype) {
    if (range.type == "*" && range.subtype == "*") return 1;
    if (!chars::iequals(range.type, type)) return 0;
    if (range.subtype == "*") return 2;
    return chars::iequals(range.subtype, subtype) ? 3 : 0;
}

}  // namespace

std::string_view MediaType::param(std::string_view name) const {
    return detail::param_value(params, name);
}

bool MediaType::has_param(std::string_view name) const {
    bool found = false;
    detail::param_value(params, name, &found);
    return found;
}

bool MediaType::is(std::string_view t, std::string_view s) const {
    return chars::iequals(type, t) && chars::iequals(subtype, s);
}

Result<MediaType> parse_content_type(std::string_view value) {
    return parse_media<"Content-Type: ">(value, false);
}

Result<MediaType> parse_accept_range(std::string_view element) {
    return parse_media<"Accept: ">(element, true);
}

Result<AcceptList> parse_accept(std::string_view value) {
    AcceptList out;
    out.text = trim_lws(value);
    auto n = out.cursor().validate();
    if (!n) return n.error();
    out.count = *n;
    return out;
}

bool AcceptList::accepts(std::string_view type, std::string_view subtype) const {
    int best = 0;
    std::uint16_t best_q = 0;
    AcceptCursor cur = cursor();
    MediaType range;
    while (cur.next(range)) {
        const int s = specificity(range, type, subtype);
        if (s > best) {
            best = s;
            best_q = range.q;
        }
    }
    return best > 0 && best_q > 0;
}

bool media_type_matches(const MediaType& accept_elem, std::string_view type,
                        std::string_view subtype) {
    return specificity(accept_elem, type, subtype) > 0;
}

}  // namespace dialtone::message
