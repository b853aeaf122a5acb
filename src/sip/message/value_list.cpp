#include "dialtone/sip/message/value_list.hpp"

#include <cstring>

#include "sip/message/char_class.hpp"

namespace dialtone::message {

std::string_view trim_lws(std::string_view v) {
    std::size_t b = 0, e = v.size();
    while (b < e && chars::is_lws(v[b]))
        ++b;
    while (e > b && chars::is_lws(v[e - 1]))
        --e;
    return v.substr(b, e - b);
}

namespace {

const char* find(const char* p, const char* end, char c) {
    return static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
}

// The first '"' or '<' in [p, end), or nullptr.
const char* find_opener(const char* p, const char* end) {
    const char* quote = find(p, end, '"');
    const char* angle = find(p, quote ? quote : end, '<');
    return angle ? angle : quote;
}

}  // namespace

bool ValueListCursor::next(std::string_view& element) {
    if (done_) return false;
    const char* const begin = rest_.data();
    const char* const end = begin + rest_.size();
    const char* q = begin;
    // memchr jumps over the long runs with no separator: a comma ends the element unless a
    // quoted string or <...> opens before it.
    while (q < end) {
        const char* comma = find(q, end, ',');
        if (comma == nullptr) break;  // no separator left: no quote or <> can matter
        const char* opener = find_opener(q, comma);
        if (opener == nullptr) {
            element = trim_lws(std::string_view(begin, static_cast<std::size_t>(comma - begin)));
            rest_ = std::string_view(comma + 1, static_cast<std::size_t>(end - comma - 1));
            return true;
        }
        if (*opener == '<') {
            const char* gt = find(opener, end, '>');  // a URI has no unescaped '>'
            q = gt ? gt + 1 : end;
            continue;
        }
        for (q = opener + 1; q < end && *q != '"'; ++q)
            if (*q == '\\' && q + 1 < end) ++q;
        if (q < end) ++q;
    }
    element = trim_lws(rest_);
    rest_ = {};
    done_ = true;
    return true;
}

}  // namespace dialtone::message
