#pragma once
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/message/uri.hpp"

namespace dialtone::message {

// name-addr or addr-spec with header parameters, the value form of From, To, Contact,
// Route, Record-Route, Path, Service-Route, Reply-To, Refer-To and Referred-By.
struct NameAddr {
    std::string_view display_name;  // as written: quoted (with quotes) or a token sequence
    Uri uri;
    bool angle_brackets = false;
    std::string_view params;  // header params after the URI (no leading ';')
    std::string_view tag;
    bool has_tag = false;
    bool star = false;  // "Contact: *"

    std::string_view param(std::string_view name) const;
    bool has_param(std::string_view name) const;
    // Display name without quotes or surrounding whitespace (escapes left in place).
    std::string_view display_name_text() const;
};

// `allow_star` for Contact. In addr-spec form (no <>) the URI ends at the first ';' and
// may carry neither ',' '?' nor ';' of its own (RFC 3261 §20.10).
Result<NameAddr> parse_name_addr(std::string_view value, bool allow_star = false);

}  // namespace dialtone::message
