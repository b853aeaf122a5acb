#include "dialtone/sip/message/params.hpp"

#include "sip/message/char_class.hpp"
#include "sip/message/param_scan.hpp"

namespace dialtone::message {

namespace {

std::size_t skip_lws(std::string_view s, std::size_t i) {
    while (i < s.size() && chars::is_lws(s[i]))
        ++i;
    return i;
}

// End of a parameter value starting at i: a quoted string runs to its closing quote.
std::size_t value_end(std::string_view s, std::size_t i) {
    if (i < s.size() && s[i] == '"') {
        for (std::size_t j = i + 1; j < s.size(); ++j) {
            if (s[j] == '\\') {
                ++j;
            } else if (s[j] == '"') {
                return j + 1;
            }
        }
        return s.size();
    }
    while (i < s.size() && s[i] != ';' && !chars::is_lws(s[i]))
        ++i;
    return i;
}

}  // namespace

bool ParamCursor::next(Param& out) {
    std::size_t i = skip_lws(rest_, 0);
    // Tolerate stray separators between parameters; validators reject them separately.
    while (i < rest_.size() && rest_[i] == ';')
        i = skip_lws(rest_, i + 1);
    if (i >= rest_.size()) {
        rest_ = {};
        return false;
    }
    std::size_t name_start = i;
    while (i < rest_.size() && rest_[i] != '=' && rest_[i] != ';' && !chars::is_lws(rest_[i]))
        ++i;
    out.name = rest_.substr(name_start, i - name_start);
    out.value = {};
    out.has_value = false;
    i = skip_lws(rest_, i);
    if (i < rest_.size() && rest_[i] == '=') {
        i = skip_lws(rest_, i + 1);
        const std::size_t v_end = value_end(rest_, i);
        out.value = rest_.substr(i, v_end - i);
        out.has_value = true;
        i = v_end;
    }
    // Skip to the next ';' (anything else here is junk a validator will report).
    while (i < rest_.size() && rest_[i] != ';')
        ++i;
    rest_ = i < rest_.size() ? rest_.substr(i + 1) : std::string_view{};
    return true;
}

bool find_param(std::string_view list, std::string_view name, Param& out) {
    ParamCursor cur(list);
    while (cur.next(out)) {
        if (chars::iequals(out.name, name)) return true;
    }
    return false;
}

std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

}  // namespace dialtone::message

namespace dialtone::message {

bool params_well_formed(std::string_view s) {
    return scan_params(s, [](std::string_view, std::string_view, bool) { return true; });
}

}  // namespace dialtone::message
