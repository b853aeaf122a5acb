#include "dialtone/sip/message/name_addr.hpp"

#include "dialtone/sip/message/params.hpp"
#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/param_scan.hpp"

namespace dialtone::message {

namespace {

std::size_t skip_lws(std::string_view s, std::size_t i) {
    while (i < s.size() && chars::is_lws(s[i]))
        ++i;
    return i;
}

// Index one past the closing quote of the quoted-string starting at i, or npos.
std::size_t quoted_end(std::string_view s, std::size_t i) {
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] == '\\') {
            ++j;
        } else if (s[j] == '"') {
            return j + 1;
        }
    }
    return std::string_view::npos;
}

constexpr ParseError kJunkAfterUri{400, "unexpected text after the URI"};
constexpr ParseError kBadTag{400, "tag parameter is not a token"};
constexpr ParseError kBadParam{400, "malformed header parameter"};
constexpr ParseError kEmpty{400, "empty address"};
constexpr ParseError kUnterminated{400, "display name has an unterminated quoted string"};
constexpr ParseError kQuotedNoUri{400, "quoted display name not followed by <URI>"};
constexpr ParseError kNoRaquot{400, "'<' without '>'"};
constexpr ParseError kNeedsAngles{400, "URI with ',' or '?' must be enclosed in <>"};
constexpr ParseError kNeedsQuoting{400, "display name has characters that need quoting"};

const ParseError* finish_params(NameAddr& na, std::string_view v, std::size_t i) {
    i = skip_lws(v, i);
    if (i == v.size()) return nullptr;
    if (v[i] != ';') return &kJunkAfterUri;
    na.params = v.substr(i + 1);
    bool bad_tag = false;
    const bool ok = scan_params(na.params, [&](std::string_view name, std::string_view value,
                                               bool has_value) {
        if (na.has_tag || name.size() != 3 || !chars::iequals(name, "tag")) return true;
        if (!has_value || !chars::is_token(value)) {
            bad_tag = true;
            return false;
        }
        na.tag = value;
        na.has_tag = true;
        return true;
    });
    if (bad_tag) return &kBadTag;
    return ok ? nullptr : &kBadParam;
}

// Fills `na` from `value`; nullptr on success, else the error (or `uri_error` set).
const ParseError* parse_into(std::string_view value, bool allow_star, NameAddr& na,
                             Result<Uri>& uri_result) {
    const std::string_view v = trim_lws(value);
    if (v.empty()) return &kEmpty;
    if (allow_star && v == "*") {
        na.star = true;
        return nullptr;
    }
    std::size_t laquot = std::string_view::npos;
    if (v[0] == '"') {
        const std::size_t end = quoted_end(v, 0);
        if (end == std::string_view::npos) return &kUnterminated;
        na.display_name = v.substr(0, end);
        const std::size_t i = skip_lws(v, end);
        if (i >= v.size() || v[i] != '<') return &kQuotedNoUri;
        laquot = i;
    } else if (v[0] == '<') {
        laquot = 0;
    } else {
        // Either *(token LWS) "<" or a bare addr-spec; a ':' before any '<' means the latter.
        std::size_t j = 0;
        while (j < v.size() && (chars::is_token_char(v[j]) || chars::is_lws(v[j]))) ++j;
        if (j < v.size() && v[j] == '<') {
            na.display_name = trim_lws(v.substr(0, j));
            laquot = j;
        }
    }
    if (laquot != std::string_view::npos) {
        const std::size_t raquot = v.find('>', laquot);
        if (raquot == std::string_view::npos) return &kNoRaquot;
        uri_result = parse_uri(v.substr(laquot + 1, raquot - laquot - 1), true);
        if (!uri_result) return &uri_result.error();
        na.uri = *uri_result;
        na.angle_brackets = true;
        return finish_params(na, v, raquot + 1);
    }
    // addr-spec without <>: the URI ends at the first ';' or whitespace and may not hold
    // ',', '?' or ';' itself (RFC 3261 §20.10).
    std::size_t end = 0;
    while (end < v.size() && v[end] != ';' && !chars::is_lws(v[end])) ++end;
    const std::string_view uri_text = v.substr(0, end);
    if (uri_text.find_first_of(",?") != std::string_view::npos) return &kNeedsAngles;
    if (uri_text.find(':') == std::string_view::npos) return &kNeedsQuoting;
    uri_result = parse_uri(uri_text, false);
    if (!uri_result) return &uri_result.error();
    na.uri = *uri_result;
    return finish_params(na, v, end);
}

}  // namespace

Result<NameAddr> parse_name_addr(std::string_view value, bool allow_star) {
    NameAddr na;
    Result<Uri> uri = ParseError{};
    if (const ParseError* e = parse_into(value, allow_star, na, uri)) return *e;
    return na;
}

std::string_view NameAddr::param(std::string_view name) const {
    Param p;
    return find_param(params, name, p) ? p.value : std::string_view{};
}

bool NameAddr::has_param(std::string_view name) const {
    Param p;
    return find_param(params, name, p);
}

std::string_view NameAddr::display_name_text() const {
    return trim_lws(unquote(trim_lws(display_name)));
}

}  // namespace dialtone::message
