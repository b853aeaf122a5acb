#include "dialtone/sip/message/name_addr.hpp"

#include "dialtone/sip/message/params.hpp"
#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/param_scan.hpp"
#include "sip/message/span_scan.hpp"
#include "sip/message/uri_scan.hpp"
#include "sip/message/word_masks.hpp"

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
    const bool ok = scan_params(na.params, v.data(),
                                [&](std::string_view name, std::string_view value, bool has_value) {
                                    if (na.has_tag || !chars::is_name(name, "tag")) return true;
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

#if defined(__SSE2__)
// The common shape [display-name] "<" sip-URI ">" *(";" generic-param) when it is made of
// word octets (word_masks.hpp) and single delimiters: fills `na` and returns true. Returns
// false, `na` partly filled, on anything else (quotes, LWS inside, other schemes, escapes,
// URI headers, errors...): the general parser then decides. v is trimmed.
bool parse_fast(std::string_view v, NameAddr& na) {
    const std::size_t n = v.size();
    if (n < 16 || n >= 64) return false;
    const char* const s = v.data();
    const WordMasks64 m = classify_words64(s, n);
    // display-name = *(token LWS): words and spaces up to '<'.
    std::size_t i = 0, name_end = 0;
    while (true) {
        const std::size_t e = word_end(m, i);
        if (e == n) return false;
        if (e != i) name_end = e;
        i = e;
        if (s[i] == '<') break;
        if (s[i] != ' ' && s[i] != '\t') return false;
        do {
            ++i;
        } while (i < n && (s[i] == ' ' || s[i] == '\t'));
        if (i == n) return false;
    }
    const std::size_t laquot = i;
    if (name_end != 0) na.display_name = std::string_view(s, name_end);
    if (n - laquot < 6 || !starts_with_sip(v.substr(laquot + 1))) return false;
    Uri& uri = na.uri;
    // userinfo = user "@": a word ending at '@' (no '@' can come later: the rest of the URI
    // below is words, ':', digits, ';' and '=' only).
    std::size_t h = laquot + 5;
    std::size_t e = word_end(m, h);
    if (e == n) return false;
    if (s[e] == '@') {
        if (e == h) return false;
        uri.user = std::string_view(s + h, e - h);
        h = e + 1;
        e = word_end(m, h);
        if (e == n) return false;
    }
    if (e == h || e - h > 63) return false;
    const HostKind kind = word_host_kind(s, n, h, e);
    if (kind == HostKind::None) return false;
    uri.host.text = std::string_view(s + h, e - h);
    uri.host.kind = kind;
    std::size_t q = e;
    if (s[q] == ':') {
        std::uint32_t port = 0;
        std::size_t d = q + 1;
        while (d < n && chars::is_digit(s[d]) && port <= 65535) {
            port = port * 10 + static_cast<std::uint32_t>(s[d] - '0');
            ++d;
        }
        if (d == q + 1 || port > 65535 || d == n) return false;
        uri.port = static_cast<std::uint16_t>(port);
        uri.has_port = true;
        q = d;
    }
    if (s[q] == ';') {
        // uri-parameters of words, ';' and '=' up to the '>'.
        std::size_t r = q + 1;
        while (true) {
            r = word_end(m, r);
            if (r == n) return false;
            if (s[r] != ';' && s[r] != '=') break;
            ++r;
        }
        uri.params = std::string_view(s + q + 1, r - q - 1);
        if (!param_names_ok(uri.params)) return false;
        q = r;
    }
    if (s[q] != '>') return false;
    uri.text = std::string_view(s + laquot + 1, q - laquot - 1);
    uri.scheme_text = std::string_view(s + laquot + 1, 3);
    uri.scheme = UriScheme::Sip;
    na.angle_brackets = true;
    // *(";" generic-param), each a word name with an optional "=" word value.
    std::size_t k = q + 1;
    if (k == n) return true;
    if (s[k] != ';') return false;
    na.params = std::string_view(s + k + 1, n - k - 1);
    ++k;
    while (true) {
        const std::size_t ne = word_end(m, k);
        if (ne == k) return false;
        const std::string_view name(s + k, ne - k);
        k = ne;
        std::string_view value;
        bool has_value = false;
        if (k < n && s[k] == '=') {
            const std::size_t ve = word_end(m, k + 1);
            if (ve == k + 1) return false;
            value = std::string_view(s + k + 1, ve - k - 1);
            has_value = true;
            k = ve;
        }
        if (!na.has_tag && chars::is_name(name, "tag")) {
            if (!has_value) return false;  // the general parser reports the bad tag
            na.tag = value;
            na.has_tag = true;
        }
        if (k == n) return true;
        if (s[k] != ';') return false;
        ++k;
    }
}
#endif

// Fills `na` from `value`; nullptr on success, else the error.
const ParseError* parse_into(std::string_view value, bool allow_star, NameAddr& na) {
    const std::string_view v = trim_lws(value);
    if (v.empty()) return &kEmpty;
    const char* const lo = v.data();
    const char* const hi = lo + v.size();
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
        const std::size_t j = span::run(v, 0, chars::kToken | chars::kLws);
        if (j < v.size() && v[j] == '<') {
            na.display_name = trim_lws(v.substr(0, j));
            laquot = j;
        }
    }
    if (laquot != std::string_view::npos) {
        const std::size_t raquot = span::find<span::Is<'>'>>(v, laquot);
        if (raquot == v.size()) return &kNoRaquot;
        if (const ParseError* e =
                parse_uri_into(na.uri, v.substr(laquot + 1, raquot - laquot - 1), true, lo, hi))
            return e;
        na.angle_brackets = true;
        return finish_params(na, v, raquot + 1);
    }
    // addr-spec without <>: the URI ends at the first ';' or whitespace and may not hold
    // ',', '?' or ';' itself (RFC 3261 §20.10).
    std::size_t end = 0;
    while (end < v.size() && v[end] != ';' && !chars::is_lws(v[end]))
        ++end;
    const std::string_view uri_text = v.substr(0, end);
    if (uri_text.find_first_of(",?") != std::string_view::npos) return &kNeedsAngles;
    if (uri_text.find(':') == std::string_view::npos) return &kNeedsQuoting;
    if (const ParseError* e = parse_uri_into(na.uri, uri_text, false, lo, hi)) return e;
    return finish_params(na, v, end);
}

}  // namespace

Result<NameAddr> parse_name_addr(std::string_view value, bool allow_star) {
    // Filled in place and returned by name, so the NameAddr is never copied.
    // Copied from a blank constant: plain vector moves, where value-initializing the
    // struct in place compiles to a `rep stos` that costs more than its size suggests.
    static const NameAddr kBlank{};
    Result<NameAddr> result(std::in_place, kBlank);
#if defined(__SSE2__)
    // Values come trimmed from the parser: test the ends before calling the trimmer.
    const bool trimmed = value.empty() || (static_cast<unsigned char>(value.front()) > ' ' &&
                                           static_cast<unsigned char>(value.back()) > ' ');
    if (parse_fast(trimmed ? value : trim_lws(value), *result)) return result;
    *result = kBlank;
#endif
    if (const ParseError* e = parse_into(value, allow_star, *result)) result = *e;
    return result;
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
