#pragma once
// Content-Disposition (RFC 3261 §20.11): disp-type *( ";" disp-param ), where
// handling = "optional" / "required" / token says what to do with a body the UAS does
// not understand.

#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct ContentDisposition {
    std::string_view type;      // "session", "render", "icon", "alert" or an extension token
    std::string_view params;    // after the first ';' (no leading ';')
    std::string_view handling;  // as written; empty when absent

    // §20.11: a missing handling parameter means "required"; only "optional" lets a UAS
    // ignore a body it does not understand.
    bool handling_optional() const;
    std::string_view param(std::string_view name) const;
};

Result<ContentDisposition> parse_content_disposition(std::string_view value);

}  // namespace dialtone::message
