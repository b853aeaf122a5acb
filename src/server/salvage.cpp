#include "server/salvage.hpp"

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/value_list.hpp"
#include "dialtone/sip/message/via.hpp"

namespace dialtone::server {

using message::HeaderId;

namespace {

bool is_wsp(char c) {
    return c == ' ' || c == '\t';
}

// RFC 3261 §25.1 token characters.
bool is_token_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '-':
        case '.':
        case '!':
        case '%':
        case '*':
        case '_':
        case '+':
        case '`':
        case '\'':
        case '~':
            return true;
        default:
            return false;
    }
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_token_char(c)) return false;
    return true;
}

std::string_view trim_wsp(std::string_view v) {
    while (!v.empty() && (is_wsp(v.front()) || v.front() == '\r'))
        v.remove_prefix(1);
    while (!v.empty() && (is_wsp(v.back()) || v.back() == '\r'))
        v.remove_suffix(1);
    return v;
}

// A value may be copied into a response only if it cannot break the response's framing:
// no control characters except HTAB, and line ends only as CRLF folds (CRLF + SP/HTAB).
bool is_clean(std::string_view v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if (c == '\r') {
            if (i + 2 >= v.size() || v[i + 1] != '\n' || !is_wsp(v[i + 2])) return false;
            i += 2;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return false;
        }
    }
    return true;
}

// "METHOD SP Request-URI SP SIP/x.y", read loosely since the point is to answer errors:
// a bad version still gets its 505, extra whitespace (RFC 4475 §3.1.2.8, §3.1.2.9) its
// 400. Returns the method, empty when the line is not a request line at all.
std::string_view request_method(std::string_view line) {
    const std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return {};
    const std::string_view method = line.substr(0, sp);
    if (!is_token(method)) return {};
    const std::string_view rest = trim_wsp(line.substr(sp + 1));
    const std::size_t last = rest.find_last_of(" \t");
    if (last == std::string_view::npos) return {};
    if (trim_wsp(rest.substr(0, last)).empty()) return {};  // no Request-URI
    const std::string_view version = rest.substr(last + 1);
    if (version.size() < 4) return {};
    for (std::size_t i = 0; i < 4; ++i) {
        const char c = (version[i] >= 'a' && version[i] <= 'z') ? static_cast<char>(version[i] - 32)
                                                                : version[i];
        if (c != "SIP/"[i]) return {};
    }
    return method;
}

}  // namespace

std::optional<RequestEcho> salvage_request(std::string_view bytes, bool complete) {
    // Split into lines at LF (a lone LF is tolerated as a line end, as §7.5 suggests);
    // a line beginning with SP/HTAB continues the header above it.
    std::size_t pos = 0;
    const auto next_line = [&](std::string_view& line) {
        if (pos >= bytes.size()) return false;
        const std::size_t lf = bytes.find('\n', pos);
        if (lf == std::string_view::npos) {
            if (!complete) return false;
            line = bytes.substr(pos);
            pos = bytes.size();
        } else {
            line = bytes.substr(pos, lf - pos);
            pos = lf + 1;
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return true;
    };

    std::string_view line;
    if (!next_line(line)) return std::nullopt;
    RequestEcho echo;
    echo.method_text = request_method(line);
    if (echo.method_text.empty()) return std::nullopt;
    echo.method = message::method_from_name(echo.method_text);

    bool to_seen = false;
    while (pos < bytes.size()) {
        const std::size_t header_start = pos;
        if (!next_line(line) || line.empty()) break;
        // Take the continuation lines too: the value runs to the end of the last one.
        std::size_t header_end = header_start + line.size();
        while (pos < bytes.size() && is_wsp(bytes[pos])) {
            const std::size_t cont_start = pos;
            std::string_view cont;
            if (!next_line(cont)) break;
            header_end = cont_start + cont.size();
        }
        const std::string_view header = bytes.substr(header_start, header_end - header_start);
        const std::size_t colon = header.find(':');
        if (colon == std::string_view::npos) continue;
        const HeaderId id = message::header_id_from_name(trim_wsp(header.substr(0, colon)));
        const std::string_view value = trim_wsp(header.substr(colon + 1));
        if (!is_clean(value)) continue;
        switch (id) {
            case HeaderId::Via:
                if (!value.empty()) echo.via_lines.push_back(value);
                break;
            case HeaderId::From:
                if (echo.from.empty() && message::parse_name_addr(value).ok()) echo.from = value;
                break;
            case HeaderId::To:
                if (!to_seen) {
                    to_seen = true;
                    if (auto to = message::parse_name_addr(value); to.ok()) {
                        echo.to = value;
                        echo.to_has_tag = to->has_tag;
                    }
                }
                break;
            case HeaderId::CallId:
                if (echo.call_id.empty()) echo.call_id = value;
                break;
            case HeaderId::CSeq:
                if (echo.cseq.empty()) echo.cseq = value;
                break;
            case HeaderId::Timestamp:
                if (echo.timestamp.empty()) echo.timestamp = value;
                break;
            default:
                break;
        }
    }

    if (echo.via_lines.empty()) return std::nullopt;
    message::ValueListCursor vias(echo.via_lines.front());
    std::string_view top;
    if (!vias.next(top) || !message::parse_via(top).ok()) return std::nullopt;
    // A CSeq that does not parse (RFC 4475 §3.1.2.4: "-999999999999999999") is still what
    // the client sent; echoed as written, the client can match it.
    if (echo.cseq.empty()) return std::nullopt;
    return echo;
}

}  // namespace dialtone::server
