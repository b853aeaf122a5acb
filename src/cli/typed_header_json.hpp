#pragma once
// JSON for the typed forms of the headers beyond the core ones message_json.cpp handles
// itself (auth, dates, events, session timers, ...), for `dialtone lint --json`.

#include <nlohmann/json.hpp>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"

namespace dialtone::cli {

// The typed form of one value (or one list element) of header `id`: an object, an
// {"error": ...} object when it does not parse, or null when the header has no typed form.
nlohmann::json typed_header_json(message::HeaderId id, std::string_view value);

}  // namespace dialtone::cli
