#include "dialtone/sip/message/warning.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

// hostport / pseudonym: a hostname, IPv4 address or pseudonym is all token characters;
// an IPv6reference is bracketed. Either may be followed by ":" port.
bool scan_agent(detail::Scanner& sc) {
    if (sc.eat('[')) {
        const std::size_t start = sc.i;
        while (!sc.done() &&
               (chars::is(sc.peek(), chars::kHex) || sc.peek() == ':' || sc.peek() == '.'))
            ++sc.i;
        if (sc.i == start || !sc.eat(']')) return false;
    } else if (sc.token().empty()) {
        return false;
    }
    if (sc.eat(':') && sc.digits().empty()) return false;
    return true;
}

}  // namespace

Result<Warning> parse_warning(std::string_view element) {
    detail::Scanner sc(element);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Warning: empty value");
    Warning out;
    const std::string_view code = sc.digits();
    if (code.size() != 3) return detail::bad_request("Warning: warn-code must be three digits");
    out.code =
        static_cast<std::uint16_t>((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
    // The grammar's single SPs are taken as LWS runs, as everywhere in header values.
    if (!sc.skip_lws()) return detail::bad_request("Warning: warn-code must be three digits");
    const std::size_t agent_start = sc.i;
    if (!scan_agent(sc)) return detail::bad_request("Warning: bad warn-agent");
    out.agent = sc.since(agent_start);
    if (!sc.skip_lws()) {
        return detail::bad_request(sc.done() ? "Warning: missing warn-text"
                                             : "Warning: bad warn-agent");
    }
    bool bad = false;
    const std::string_view text = sc.quoted(bad);
    if (bad) return detail::bad_request("Warning: unterminated warn-text");
    if (text.empty()) return detail::bad_request("Warning: warn-text must be a quoted string");
    out.text = detail::strip_delims(text);
    sc.skip_lws();
    if (!sc.done()) return detail::bad_request("Warning: unexpected text after value");
    return out;
}

}  // namespace dialtone::message
