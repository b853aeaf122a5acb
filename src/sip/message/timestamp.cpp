#include "dialtone/sip/message/timestamp.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

// *DIGIT [ "." *DIGIT ] from the cursor; returns what it consumed.
std::string_view decimal(detail::Scanner& sc) {
    const std::size_t start = sc.i;
    sc.digits();
    if (sc.eat('.')) sc.digits();
    return sc.since(start);
}

}  // namespace

Result<Timestamp> parse_timestamp(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return detail::bad_request("Timestamp: empty value");
    Timestamp out;
    if (!chars::is_digit(sc.peek())) return detail::bad_request("Timestamp: bad value");
    out.value = decimal(sc);
    if (sc.skip_lws()) {
        out.delay = decimal(sc);
        out.has_delay = !out.delay.empty();
        sc.skip_lws();
        if (!sc.done()) return detail::bad_request("Timestamp: bad delay");
    }
    if (!sc.done()) return detail::bad_request("Timestamp: bad value");
    return out;
}

}  // namespace dialtone::message
