#pragma once
// Typed iteration over a comma-separated header value (Reason, Warning, Accept...): each
// element is split off with ValueListCursor and handed to the element parser, so a list
// is walked without building a vector.

#include <cstddef>
#include <string_view>
#include <utility>

#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/message/value_list.hpp"

namespace dialtone::message {

template <class T, Result<T> (*Parse)(std::string_view)>
class ListCursor {
  public:
    // With `allow_empty`, a value holding no element at all is an empty list (an empty
    // Accept accepts nothing); otherwise the element parser reports the empty value.
    explicit ListCursor(std::string_view value, bool allow_empty = false)
        : list_(trim_lws(value)), empty_(trim_lws(value).empty()) {
        if (empty_ && allow_empty) done_ = true;
    }

    // The next element in `out`; false at the end, or at the first bad element (an empty
    // one included), after which failed() is true and error() says why.
    bool next(T& out) {
        if (done_) return false;
        std::string_view element;
        if (empty_) {
            // ValueListCursor yields nothing for "", but a required list must not be empty.
            done_ = true;
        } else if (!list_.next(element)) {
            done_ = true;
            return false;
        }
        Result<T> r = Parse(element);
        if (!r) {
            error_ = r.error();
            failed_ = true;
            done_ = true;
            return false;
        }
        out = std::move(*r);
        return true;
    }

    bool failed() const { return failed_; }
    const ParseError& error() const { return error_; }

    // Walks the remaining elements: how many there were, or the first error.
    Result<std::size_t> validate() {
        std::size_t n = 0;
        T element{};
        while (next(element))
            ++n;
        if (failed_) return error_;
        return n;
    }

  private:
    ValueListCursor list_;
    ParseError error_{};
    bool empty_ = false;
    bool done_ = false;
    bool failed_ = false;
};

}  // namespace dialtone::message
