#pragma once
// Event / o (RFC 6665 §8.2.1, §8.4): event-type *( ";" event-param ), where event-type =
// event-package *( "." event-template ) and event-param = "id" "=" token / generic-param.

#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct Event {
    std::string_view type;       // "presence.winfo" as written
    std::string_view package;    // "presence": up to the first '.'
    std::string_view templates;  // "winfo": after the first '.'; empty when none
    std::string_view id;         // the "id" parameter, when has_id
    bool has_id = false;
    std::string_view params;  // after the first ';' (no leading ';')
};

Result<Event> parse_event(std::string_view value);

// Whether `text` is an event-type: dot-separated non-empty token-nodot parts. Also the
// check for each Allow-Events element.
bool is_event_type(std::string_view text);

}  // namespace dialtone::message
