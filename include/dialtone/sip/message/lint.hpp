#pragma once
// The verdict `dialtone lint` gives one message: parse it as a datagram, then run the
// server-side checks of the chosen role.

#include <optional>
#include <string>
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/validate.hpp"

namespace dialtone::message {

enum class LintClass : std::uint8_t {
    Valid = 0,    // exit status 0
    Invalid = 1,  // exit status 1: breaks the grammar or a mandatory rule
    Refused = 2,  // exit status 2: well-formed, but a server answers an error / drops it
};

struct LintVerdict {
    LintClass verdict = LintClass::Valid;
    std::optional<ParseError> error;  // why, when not Valid
    std::optional<Message> message;   // the parsed message, when it parsed

    // "valid", "invalid: <reason>", "valid, but a server answers 420 Bad Extension (...)".
    std::string line() const;
};

LintVerdict lint_message(std::string_view bytes, const ValidationPolicy& policy = {},
                         const ParseOptions& options = {});

}  // namespace dialtone::message
