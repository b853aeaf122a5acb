#include "dialtone/sip/message/value_list.hpp"

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

bool ValueListCursor::next(std::string_view& element) {
    if (done_) return false;
    bool quoted = false;
    int angle = 0;
    for (std::size_t i = 0; i < rest_.size(); ++i) {
        const char c = rest_[i];
        if (quoted) {
            if (c == '\\' && i + 1 < rest_.size()) {
                ++i;
            } else if (c == '"') {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == '<') {
            ++angle;
        } else if (c == '>') {
            if (angle > 0) --angle;
        } else if (c == ',' && angle == 0) {
            element = trim_lws(rest_.substr(0, i));
            rest_ = rest_.substr(i + 1);
            return true;
        }
    }
    element = trim_lws(rest_);
    rest_ = {};
    done_ = true;
    return true;
}

}  // namespace dialtone::message
