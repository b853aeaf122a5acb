#include "dialtone/sip/message/value_list.hpp"

#include "sip/message/char_class.hpp"
#include "sip/message/span_scan.hpp"

namespace dialtone::message {

namespace {

// Every LWS octet is <= ' ', so the common case (no whitespace) costs one compare per end.
bool lws(char c) {
    return static_cast<unsigned char>(c) <= ' ' && chars::is_lws(c);
}

std::string_view trim(const char* b, const char* e) {
    while (b < e && lws(*b))
        ++b;
    while (e > b && lws(e[-1]))
        --e;
    return std::string_view(b, static_cast<std::size_t>(e - b));
}

}  // namespace

std::string_view trim_lws(std::string_view v) {
    return trim(v.data(), v.data() + v.size());
}

bool ValueListCursor::next(std::string_view& element) {
    if (done_) return false;
    const char* const end = rest_.data() + rest_.size();
    // Leading LWS is trimmed from the element anyway; skipping it first lets the test for
    // '<' below see the element's first octet (the space after a comma, usually).
    const char* begin = rest_.data();
    while (begin < end && lws(*begin))
        ++begin;
    const char* q = begin;
    // A comma ends the element unless a quoted string or <...> opens before it; one vector
    // scan finds the first of the three. Route, Record-Route and Contact elements mostly
    // start with '<' and have their comma right after the '>': both are tested before
    // scanning.
    bool at_delimiter = begin != end && *begin == '<';
    while (true) {
        if (!at_delimiter) q = span::find<span::ListDelimiter>(q, end, begin, end);
        at_delimiter = false;
        if (q == end) break;
        if (*q == ',') {
            element = trim(begin, q);
            rest_ = std::string_view(q + 1, static_cast<std::size_t>(end - q - 1));
            return true;
        }
        if (*q == '<') {
            // A URI has no unescaped '>'.
            q = span::find<span::Is<'>'>>(q + 1, end, begin, end);
            if (q == end) break;
            ++q;
            at_delimiter = q != end && *q == ',';
            continue;
        }
        for (++q; q < end && *q != '"'; ++q)
            if (*q == '\\' && q + 1 < end) ++q;
        if (q == end) break;
        ++q;
    }
    element = trim(begin, end);
    rest_ = {};
    done_ = true;
    return true;
}

}  // namespace dialtone::message
