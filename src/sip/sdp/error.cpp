#include "dialtone/sip/sdp/error.hpp"

namespace dialtone::sdp {

std::string Error::description() const {
    if (line == 0) return reason;
    return "line " + std::to_string(line) + ": " + reason;
}

std::string Error::reason_phrase() const {
    const std::string_view base = status == 488 ? "Not Acceptable Here" : "Bad Request";
    return std::string(base) + " (SDP " + description() + ")";
}

std::string_view Error::warning_text() const {
    // RFC 3261 §20.43.
    switch (warning) {
        case 300:
            return "Incompatible network protocol";
        case 301:
            return "Incompatible network address formats";
        case 302:
            return "Incompatible transport protocol";
        case 303:
            return "Incompatible bandwidth units";
        case 304:
            return "Media type not available";
        case 305:
            return "Incompatible media format";
        case 306:
            return "Attribute not understood";
        case 307:
            return "Session description parameter not understood";
        case 399:
            return "Miscellaneous warning";
        default:
            return {};
    }
}

}  // namespace dialtone::sdp
