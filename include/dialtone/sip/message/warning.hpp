#pragma once
// Warning (RFC 3261 §20.43): warning-value *( "," warning-value ), warning-value =
// warn-code SP warn-agent SP warn-text, warn-code = 3DIGIT, warn-agent = hostport /
// pseudonym, warn-text = quoted-string.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/list_cursor.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct Warning {
    std::uint16_t code = 0;  // exactly three digits (RFC 4475 §3.1.2.5 scalarlg: 1812 fails)
    std::string_view agent;  // "atlanta.com:5060", "[2001:db8::1]" or a pseudonym
    std::string_view text;   // between the quotes, escapes left in place (unescape_quoted)
};

// One warning-value (one element of the comma list).
Result<Warning> parse_warning(std::string_view element);

using WarningCursor = ListCursor<Warning, parse_warning>;

}  // namespace dialtone::message
