#pragma once
// parse_uri for the parsers of the values that hold URIs: fills a Uri the caller owns (no
// Result to copy) and lets the vector scans read anywhere in the window [lo, hi) around
// the text, e.g. the whole header value.

#include <cstdint>
#include <cstring>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/message/uri.hpp"

namespace dialtone::message {

// uri-parameters = *( ";" pname [ "=" pvalue ] ) with pname = 1*paramchar: no empty
// names (";;", ";=", a leading '=' or a trailing ';').
inline bool param_names_ok(std::string_view params) {
    if (params.empty() || params.front() == '=' || params.front() == ';' || params.back() == ';')
        return false;
    for (std::size_t i = 0; i + 1 < params.size(); ++i)
        if (params[i] == ';' && (params[i + 1] == ';' || params[i + 1] == '=')) return false;
    return true;
}

// "sip:" in either case at the start of t (4 octets or more), one word compare: OR-ing 0x20
// folds exactly the two cases of each letter, and the ':' is compared as is.
inline bool starts_with_sip(std::string_view t) {
    static constexpr char kFold[4] = {0x20, 0x20, 0x20, 0};
    std::uint32_t w, fold, want;
    std::memcpy(&w, t.data(), 4);
    std::memcpy(&fold, kFold, 4);
    std::memcpy(&want, "sip:", 4);
    return (w | fold) == want;
}

// nullptr on success; on failure the error, and `u` holds partial values.
const ParseError* parse_uri_into(Uri& u, std::string_view text, bool allow_headers, const char* lo,
                                 const char* hi);

inline const ParseError* parse_uri_into(Uri& u, std::string_view text, bool allow_headers) {
    return parse_uri_into(u, text, allow_headers, text.data(), text.data() + text.size());
}

}  // namespace dialtone::message
