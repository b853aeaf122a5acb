#pragma once
// Strict one-pass scan of a header parameter list (generic-param *(SEMI generic-param)):
// validates the grammar and hands each parameter to the caller in the same pass, so
// validation and extraction never walk the list twice.

#include <string_view>

#include "sip/message/char_class.hpp"

namespace dialtone::message {

// `on_param(name, value, has_value)` returns false to reject the list. Returns false when
// the list is malformed: empty elements (";;"), a name that is not a token, a value that is
// neither token, host nor a closed quoted-string, or junk between parameters.
template <class OnParam>
bool scan_params(std::string_view s, OnParam&& on_param) {
    const std::size_t n = s.size();
    std::size_t i = 0;
    auto skip_lws = [&] {
        while (i < n && chars::is_lws(s[i]))
            ++i;
    };
    while (true) {
        skip_lws();
        const std::size_t name_start = i;
        while (i < n && chars::is_token_char(s[i]))
            ++i;
        if (i == name_start) return false;
        const std::string_view name = s.substr(name_start, i - name_start);
        std::string_view value;
        bool has_value = false;
        skip_lws();
        if (i < n && s[i] == '=') {
            ++i;
            skip_lws();
            const std::size_t vs = i;
            if (i < n && s[i] == '"') {
                for (++i; i < n && s[i] != '"'; ++i)
                    if (s[i] == '\\') ++i;
                if (i >= n) return false;  // unterminated quoted string
                ++i;
            } else {
                while (i < n && chars::is(s[i], chars::kGenValue))
                    ++i;
                if (i == vs) return false;
            }
            value = s.substr(vs, i - vs);
            has_value = true;
            skip_lws();
        }
        if (!on_param(name, value, has_value)) return false;
        if (i == n) return true;
        if (s[i] != ';') return false;
        ++i;
    }
}

}  // namespace dialtone::message
