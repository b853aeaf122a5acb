#pragma once
#include <string_view>

namespace dialtone::message {

// Splits a header value on the commas that separate list elements: commas inside quoted
// strings or <...> do not count. Elements come back with LWS trimmed; an empty element
// (",,") comes back empty so validators can reject it.
class ValueListCursor {
  public:
    explicit ValueListCursor(std::string_view value) : rest_(value), done_(value.empty()) {}
    bool next(std::string_view& element);
    // True once every element has been returned.
    bool done() const { return done_; }
    // The unread remainder after the last returned element's comma.
    std::string_view rest() const { return rest_; }

  private:
    std::string_view rest_;
    bool done_;
};

// Trims SP, HTAB, CR and LF (a folded line end is whitespace inside a value).
std::string_view trim_lws(std::string_view v);

}  // namespace dialtone::message
