#pragma once
// Reason (RFC 3326 §2): reason-value *( "," reason-value ), reason-value = protocol
// *( ";" reason-params ), protocol = "SIP" / "Q.850" / token, with cause=1*DIGIT and
// text=quoted-string among the params.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/list_cursor.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

enum class ReasonProtocol : std::uint8_t { Sip, Q850, Other };

struct Reason {
    std::string_view protocol_text;  // as written
    ReasonProtocol protocol = ReasonProtocol::Other;
    std::uint32_t cause = 0;  // when has_cause
    bool has_cause = false;
    std::string_view text;  // between the quotes, escapes left in place (unescape_quoted)
    bool has_text = false;
    std::string_view params;  // after the first ';' (no leading ';')
};

// One reason-value (one element of the comma list).
Result<Reason> parse_reason(std::string_view element);

// All the elements of a Reason header value.
using ReasonCursor = ListCursor<Reason, parse_reason>;

}  // namespace dialtone::message
