#pragma once
// The parsed structure of a message as JSON, for `dialtone lint --json`: start line, every
// header with its typed form where the stack knows the header, and the body.

#include <nlohmann/json.hpp>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::cli {

nlohmann::json message_to_json(const message::Message& m);
nlohmann::json uri_to_json(const message::Uri& u);

}  // namespace dialtone::cli
