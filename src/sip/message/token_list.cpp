#include "dialtone/sip/message/token_list.hpp"

#include "dialtone/sip/message/event.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/typed_what.hpp"

namespace dialtone::message {

using detail::header_what;

namespace {

bool may_be_empty(HeaderId h) {
    return h == HeaderId::Supported || h == HeaderId::Allow;
}

}  // namespace

bool TokenListCursor::next(std::string_view& token) {
    if (failed_) return false;
    std::string_view element;
    if (!list_.next(element)) return false;
    if (element.empty()) {
        error_ = detail::bad_request(header_what<"empty element">(header_));
        failed_ = true;
        return false;
    }
    // Allow-Events elements are event-types: tokens whose dots separate non-empty parts.
    if (header_ == HeaderId::AllowEvents ? !is_event_type(element) : !chars::is_token(element)) {
        error_ = detail::bad_request(header_what<"element is not a token">(header_));
        failed_ = true;
        return false;
    }
    token = element;
    return true;
}

bool TokenList::contains(std::string_view token, bool case_sensitive) const {
    return contains_token(text, token, case_sensitive);
}

Result<TokenList> parse_token_list(std::string_view value, HeaderId header) {
    TokenList out;
    out.text = trim_lws(value);
    out.header = header;
    if (out.text.empty()) {
        if (may_be_empty(header)) return out;
        return detail::bad_request(header_what<"empty value">(header));
    }
    TokenListCursor cur(out.text, header);
    std::string_view token;
    while (cur.next(token))
        ++out.count;
    if (cur.failed()) return cur.error();
    return out;
}

bool contains_token(std::string_view value, std::string_view token, bool case_sensitive) {
    ValueListCursor list(value);
    std::string_view element;
    while (list.next(element)) {
        if (!chars::is_token(element)) continue;
        if (case_sensitive ? element == token : chars::iequals(element, token)) return true;
    }
    return false;
}

}  // namespace dialtone::message
