#include "ops/registration_report.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace dialtone::ops {

namespace {

// Splits the stored Path (values joined by commas, RFC 3327 §5.3 order) back into entries;
// a comma inside <...> or a quoted string belongs to the entry.
std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    bool quoted = false;
    bool angle = false;
    auto flush = [&](std::size_t end) {
        std::string_view entry = path.substr(start, end - start);
        while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
            entry.remove_prefix(1);
        while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t'))
            entry.remove_suffix(1);
        if (!entry.empty()) out.emplace_back(entry);
    };
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (quoted) {
            if (c == '\\' && i + 1 < path.size())
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '<') {
            angle = true;
        } else if (c == '>') {
            angle = false;
        } else if (c == ',' && !angle) {
            flush(i);
            start = i + 1;
        }
    }
    flush(path.size());
    return out;
}

nlohmann::json text_or_null(const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

std::string cell(const nlohmann::json& v) {
    if (v.is_null()) return "-";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        std::string joined;
        for (const auto& e : v) {
            if (!joined.empty()) joined += ",";
            joined += cell(e);
        }
        return joined.empty() ? "-" : joined;
    }
    if (v.is_number_float()) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3g", v.get<double>());
        return text;
    }
    return v.dump();
}

void sort_rows(std::vector<RegistrationRow>& rows) {
    std::sort(rows.begin(), rows.end(), [](const RegistrationRow& a, const RegistrationRow& b) {
        if (a.aor != b.aor) return a.aor < b.aor;
        if (a.binding.q != b.binding.q) return a.binding.q > b.binding.q;
        return a.binding.contact < b.binding.contact;
    });
}

}  // namespace

std::vector<RegistrationRow> collect_registrations(const store::LocationIndex& index,
                                                   std::int64_t now) {
    std::vector<RegistrationRow> rows;
    rows.reserve(index.binding_count());
    index.for_each([&](const std::string& aor, const store::Binding& b) {
        // Expired but not yet swept: no longer a binding (RFC 3261 §10.3 step 8 lists only
        // current ones), so not reported either.
        if (b.expires_at > now) rows.push_back({aor, b});
    });
    sort_rows(rows);
    return rows;
}

std::vector<RegistrationRow> registrations_of(const std::string& aor,
                                              const std::vector<store::Binding>& bindings,
                                              std::int64_t now) {
    std::vector<RegistrationRow> rows;
    for (const store::Binding& b : bindings)
        if (b.expires_at > now) rows.push_back({aor, b});
    sort_rows(rows);
    return rows;
}

nlohmann::json registrations_json(const std::vector<RegistrationRow>& rows, std::int64_t now) {
    nlohmann::json list = nlohmann::json::array();
    std::size_t aors = 0;
    const std::string* last_aor = nullptr;
    for (const RegistrationRow& r : rows) {
        if (last_aor == nullptr || *last_aor != r.aor) ++aors;
        last_aor = &r.aor;
        const store::Binding& b = r.binding;
        nlohmann::json path = nlohmann::json::array();
        for (std::string& p : split_path(b.path))
            path.push_back(std::move(p));
        list.push_back({
            {"aor", r.aor},
            {"contact", b.contact},
            {"expires", std::max<std::int64_t>(0, b.expires_at - now)},
            {"expires_at", b.expires_at},
            {"q", static_cast<double>(b.q) / 1000.0},
            {"path", path.empty() ? nlohmann::json(nullptr) : path},
            {"instance", text_or_null(b.instance)},
            {"reg_id", b.reg_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(b.reg_id)},
            {"call_id", b.call_id},
            {"cseq", b.cseq},
            {"received_from", text_or_null(b.source)},
            {"user_agent", text_or_null(b.user_agent)},
        });
    }
    return {{"now", now}, {"aors", aors}, {"bindings", rows.size()}, {"registrations", list}};
}

std::string registrations_table(const nlohmann::json& document) {
    static constexpr std::string_view kColumns[] = {
        "aor",  "contact", "expires",  "q",      "received_from",
        "cseq", "call_id", "instance", "reg_id", "path"};
    static constexpr std::string_view kTitles[] = {"AOR",      "CONTACT", "EXPIRES", "Q",
                                                   "RECEIVED", "CSEQ",    "CALL-ID", "INSTANCE",
                                                   "REG-ID",   "PATH"};
    constexpr std::size_t n = std::size(kColumns);
    std::vector<std::vector<std::string>> lines;
    lines.emplace_back(std::begin(kTitles), std::end(kTitles));
    for (const auto& r : document.at("registrations")) {
        std::vector<std::string> line;
        for (std::string_view key : kColumns)
            line.push_back(cell(r.at(std::string(key))));
        lines.push_back(std::move(line));
    }
    std::vector<std::size_t> width(n, 0);
    for (const auto& line : lines)
        for (std::size_t i = 0; i < n; ++i)
            width[i] = std::max(width[i], line[i].size());
    std::string out;
    for (const auto& line : lines) {
        std::string text;
        for (std::size_t i = 0; i < n; ++i) {
            text += line[i];
            if (i + 1 < n) text.append(width[i] - line[i].size() + 2, ' ');
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        out += text;
        out += '\n';
    }
    out += std::to_string(document.at("bindings").get<std::size_t>()) + " binding(s) of " +
           std::to_string(document.at("aors").get<std::size_t>()) + " address(es)-of-record\n";
    return out;
}

}  // namespace dialtone::ops
