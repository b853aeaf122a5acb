#include "store/user_import.hpp"

#include <unordered_map>

namespace dialtone::store {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool is_header(std::string_view user, std::string_view domain, std::string_view password) {
    auto lower_equals = [](std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
            if (c != b[i]) return false;
        }
        return true;
    };
    return lower_equals(user, "user") && lower_equals(domain, "domain") &&
           lower_equals(trim(password), "password");
}

}  // namespace

bool parse_user_import(std::string_view text, std::vector<ImportEntry>& out, ImportError& error) {
    out.clear();
    std::unordered_map<std::string, std::size_t> first_line;  // "user@domain" -> line
    bool seen_content = false;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) continue;
        auto fail = [&](std::string message) {
            error = ImportError{line_no, std::move(message)};
            return false;
        };
        const std::size_t c1 = line.find(',');
        const std::size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
        if (c2 == std::string_view::npos) return fail("expected user,domain,password");
        const std::string_view user = trim(line.substr(0, c1));
        const std::string_view domain = trim(line.substr(c1 + 1, c2 - c1 - 1));
        const std::string_view password = line.substr(c2 + 1);
        const bool first = !seen_content;
        seen_content = true;
        if (first && is_header(user, domain, password)) continue;
        if (password.empty()) return fail("missing password");
        std::string why;
        auto address = make_user_address(user, domain, why);
        if (!address) return fail(why);
        auto [it, inserted] = first_line.emplace(address->text(), line_no);
        if (!inserted) {
            return fail(address->text() + " appears twice (first on line " +
                        std::to_string(it->second) + ")");
        }
        out.push_back(ImportEntry{line_no, std::move(*address), std::string(password)});
    }
    return true;
}

}  // namespace dialtone::store
