#pragma once
// Timestamp (RFC 3261 §20.38): 1*DIGIT [ "." *DIGIT ] [ LWS delay ], delay = *DIGIT
// [ "." *DIGIT ]. Kept as text: a UAS echoes the value as written (§8.2.6.1), and the
// grammar bounds neither the digits nor the precision.

#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct Timestamp {
    std::string_view value;  // "54.21"
    std::string_view delay;  // "0.5"; empty when absent
    bool has_delay = false;
};

Result<Timestamp> parse_timestamp(std::string_view value);

}  // namespace dialtone::message
