#include "ops/admin_routes.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ops/registration_report.hpp"

namespace dialtone::ops {

namespace {

AdminReply error_reply(unsigned status, const std::string& message) {
    return {status, "application/json",
            nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace) +
                "\n"};
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX and '+' of a query value (application/x-www-form-urlencoded); nullopt when
// an escape is cut short or not hex.
std::optional<std::string> url_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

AdminReply admin_route(std::string_view method, std::string_view target,
                       const store::LocationIndex& index, std::int64_t now) {
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    if (path != "/registrations") return error_reply(404, "no such resource: " + std::string(path));
    if (method != "GET") return error_reply(405, "use GET");

    std::optional<std::string> aor;
    std::size_t start = 0;
    while (start < query.size()) {
        const auto amp = std::min(query.find('&', start), query.size());
        const std::string_view pair = query.substr(start, amp - start);
        start = amp + 1;
        const auto eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        if (key != "aor") return error_reply(400, "unknown query parameter: " + std::string(key));
        aor = url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!aor || aor->empty()) return error_reply(400, "bad aor parameter");
        // The registrar keys an AoR as sip:user@host with the host in lower case and the
        // user as sent (RFC 3261 §19.1.4: user parts compare case-sensitively).
        if (aor->rfind("sip:", 0) != 0 && aor->rfind("sips:", 0) != 0) aor->insert(0, "sip:");
        const auto at = aor->rfind('@');
        if (at != std::string::npos)
            std::transform(aor->begin() + static_cast<std::ptrdiff_t>(at), aor->end(),
                           aor->begin() + static_cast<std::ptrdiff_t>(at), [](char c) {
                               return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
                           });
    }

    std::vector<RegistrationRow> rows;
    if (aor) {
        rows = registrations_of(*aor, index.lookup(*aor), now);
    } else {
        rows = collect_registrations(index, now);
    }
    // Contact, Call-ID and User-Agent come from the network and need not be UTF-8: such
    // bytes print as U+FFFD instead of failing the whole listing.
    return {200, "application/json",
            registrations_json(rows, now).dump(2, ' ', false,
                                               nlohmann::json::error_handler_t::replace) +
                "\n"};
}

}  // namespace dialtone::ops
