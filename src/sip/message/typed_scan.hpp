#pragma once
// A small forward scanner shared by the typed header parsers (digest, Content-Type,
// Retry-After...). It knows the RFC 3261 §25.1 lexical pieces — token, LWS, quoted-string,
// comment, "SWS x SWS" separators, generic-param lists — and nothing about any header.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/cseq.hpp"
#include "dialtone/sip/message/params.hpp"
#include "dialtone/sip/message/quoted_string.hpp"
#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/typed_what.hpp"

namespace dialtone::message::detail {

struct Scanner {
    std::string_view s;
    std::size_t i = 0;

    explicit Scanner(std::string_view text) : s(text) {}

    bool done() const { return i >= s.size(); }
    char peek() const { return i < s.size() ? s[i] : '\0'; }
    std::string_view rest() const { return i < s.size() ? s.substr(i) : std::string_view{}; }
    std::string_view since(std::size_t start) const { return s.substr(start, i - start); }

    // Skips a run of SP / HTAB / CR / LF (folded line ends included); true if it moved.
    bool skip_lws() {
        const std::size_t start = i;
        while (i < s.size() && chars::is_lws(s[i]))
            ++i;
        return i != start;
    }
    bool eat(char c) {
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    }
    // "SWS c SWS" (SEMI, EQUAL, SLASH, COMMA...): consumes nothing when `c` is not next.
    bool sep(char c) {
        const std::size_t save = i;
        skip_lws();
        if (eat(c)) {
            skip_lws();
            return true;
        }
        i = save;
        return false;
    }
    std::string_view token() {
        const std::size_t start = i;
        while (i < s.size() && chars::is_token_char(s[i]))
            ++i;
        return since(start);
    }
    std::string_view digits() {
        const std::size_t start = i;
        while (i < s.size() && chars::is_digit(s[i]))
            ++i;
        return since(start);
    }
    // A quoted-string at the cursor, quotes included. Empty when none starts here; `bad`
    // is set when one starts but is not closed or holds a forbidden byte.
    std::string_view quoted(bool& bad) {
        bad = false;
        if (peek() != '"') return {};
        const std::size_t n = quoted_string_length(rest());
        if (n == 0) {
            bad = true;
            return {};
        }
        const std::size_t start = i;
        i += n;
        return since(start);
    }
    // A comment "( ... )" at the cursor, parentheses included, nesting and quoted-pairs
    // allowed (RFC 3261 §25.1). Empty when none starts here; `bad` when it is not closed.
    std::string_view comment(bool& bad);
};

inline std::string_view Scanner::comment(bool& bad) {
    bad = false;
    if (peek() != '(') return {};
    std::size_t depth = 0;  // counted, not recursed: deep nesting cannot exhaust the stack
    for (std::size_t j = i; j < s.size(); ++j) {
        const auto c = static_cast<unsigned char>(s[j]);
        if (c == '\\') {
            if (j + 1 >= s.size()) break;
            const auto e = static_cast<unsigned char>(s[j + 1]);
            if (e == '\r' || e == '\n' || e > 0x7F) break;
            ++j;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth == 0) {
                const std::size_t start = i;
                i = j + 1;
                return since(start);
            }
        } else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
            break;
        }
    }
    bad = true;
    return {};
}

// The inner text of "(...)" or "\"...\"" (the scanner's results keep their delimiters).
inline std::string_view strip_delims(std::string_view v) {
    return v.size() >= 2 ? v.substr(1, v.size() - 2) : std::string_view{};
}

inline bool is_all_digits(std::string_view v) {
    if (v.empty()) return false;
    for (char c : v)
        if (!chars::is_digit(c)) return false;
    return true;
}

// `digits` (non-empty, all DIGIT) as a number no larger than `max`; false when it is larger.
inline bool digits_to_u32(std::string_view digits, std::uint32_t max, std::uint32_t& out) {
    auto r = parse_uint(digits, max);
    if (!r) return false;
    out = *r;
    return true;
}

// Outcome of checking a "*( SEMI generic-param )" tail.
enum class ParamsCheck : std::uint8_t {
    Ok,
    Junk,          // something other than ';' where a parameter list should go on
    EmptyName,     // ";;" or ";=x"
    BadValue,      // "name=" with no usable value
    BadQuoted,     // quoted value not closed
    MissingValue,  // "name" without "=value" where the header needs a value
};

// Validates "*( SEMI generic-param )" from the cursor to the end of the text; generic-param
// = token [ EQUAL gen-value ], gen-value = token / host / quoted-string. On success
// `params` is the list after the first ';' (suitable for ParamCursor / find_param). With
// `value_required` every parameter needs "=value" (m-parameter, auth-param).
inline ParamsCheck check_params(Scanner& sc, std::string_view& params,
                                bool value_required = false) {
    params = {};
    std::size_t first = std::string_view::npos;
    std::size_t last = sc.i;
    while (true) {
        sc.skip_lws();
        if (sc.done()) break;
        if (!sc.eat(';')) return ParamsCheck::Junk;
        sc.skip_lws();
        if (first == std::string_view::npos) first = sc.i;
        if (sc.token().empty()) return ParamsCheck::EmptyName;
        if (sc.sep('=')) {
            bool bad = false;
            if (sc.peek() == '"') {
                sc.quoted(bad);
                if (bad) return ParamsCheck::BadQuoted;
            } else if (sc.eat('[')) {
                // IPv6reference (e.g. received=[2001:db8::1]); host.cpp validates it later.
                while (!sc.done() &&
                       (chars::is(sc.peek(), chars::kHex) || sc.peek() == ':' || sc.peek() == '.'))
                    ++sc.i;
                if (!sc.eat(']')) return ParamsCheck::BadValue;
            } else if (sc.token().empty()) {
                return ParamsCheck::BadValue;
            }
        } else if (value_required) {
            return ParamsCheck::MissingValue;
        }
        last = sc.i;
    }
    if (first != std::string_view::npos) params = sc.s.substr(first, last - first);
    return ParamsCheck::Ok;
}

// Value of parameter `name` (case-insensitive) in a checked list, without its quotes;
// empty when absent or valueless. `found` tells the two apart.
inline std::string_view param_value(std::string_view params, std::string_view name,
                                    bool* found = nullptr) {
    Param p;
    const bool hit = find_param(params, name, p);
    if (found != nullptr) *found = hit;
    return hit ? unquote(p.value) : std::string_view{};
}

// Like param_value but as written: quotes kept, so a caller can insist on a bare token.
inline std::string_view raw_param(std::string_view params, std::string_view name, bool& found) {
    Param p;
    found = find_param(params, name, p);
    return found ? p.value : std::string_view{};
}

// The error for a failed check_params, worded for header `H` ("Event: ").
template <Lit H>
ParseError params_error(ParamsCheck c) {
    switch (c) {
        case ParamsCheck::EmptyName:
            return bad_request(join_v<H, "empty parameter">);
        case ParamsCheck::BadValue:
            return bad_request(join_v<H, "bad parameter value">);
        case ParamsCheck::BadQuoted:
            return bad_request(join_v<H, "unterminated quoted string">);
        case ParamsCheck::MissingValue:
            return bad_request(join_v<H, "parameter without value">);
        case ParamsCheck::Junk:
        case ParamsCheck::Ok:
            break;
    }
    return bad_request(join_v<H, "unexpected text after value">);
}

}  // namespace dialtone::message::detail
