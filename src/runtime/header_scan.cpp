#include "runtime/header_scan.hpp"

#include <cstring>

namespace dialtone::runtime {

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view lower_b) {
    if (a.size() != lower_b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower_b[i]) return false;
    }
    return true;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool is_line_end(char c) {
    return c == '\r' || c == '\n';
}

// End of the line starting at `from` (the position of its CR or LF, or the size).
std::size_t line_end(std::string_view text, std::size_t from) {
    const void* nl = std::memchr(text.data() + from, '\n', text.size() - from);
    if (nl == nullptr) return text.size();
    std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
    if (end > from && text[end - 1] == '\r') --end;
    return end;
}

// Where the line after the one ending at `end` starts.
std::size_t next_line(std::string_view text, std::size_t end) {
    if (end < text.size() && text[end] == '\r') ++end;
    if (end < text.size() && text[end] == '\n') ++end;
    return end;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (is_space(s.front()) || is_line_end(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && (is_space(s.back()) || is_line_end(s.back())))
        s.remove_suffix(1);
    return s;
}

}  // namespace

std::string_view first_header_value(std::string_view message, std::string_view name, char compact) {
    const char compact_lower = lower(compact);
    // Skip the start line.
    std::size_t pos = next_line(message, line_end(message, 0));
    while (pos < message.size()) {
        const std::size_t end = line_end(message, pos);
        if (end == pos) return {};  // the empty line: end of the header section
        const std::string_view line = message.substr(pos, end - pos);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos && !is_space(line.front())) {
            std::string_view field = line.substr(0, colon);
            while (!field.empty() && is_space(field.back()))
                field.remove_suffix(1);
            const bool match =
                iequals(field, name) || (field.size() == 1 && lower(field[0]) == compact_lower);
            if (match) {
                // Take continuation lines (starting with SP or HT) along.
                std::size_t value_end = end;
                std::size_t after = next_line(message, end);
                while (after < message.size() && is_space(message[after])) {
                    value_end = line_end(message, after);
                    after = next_line(message, value_end);
                }
                return trim(message.substr(pos + colon + 1, value_end - (pos + colon + 1)));
            }
        }
        pos = next_line(message, end);
    }
    return {};
}

}  // namespace dialtone::runtime
