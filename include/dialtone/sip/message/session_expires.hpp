#pragma once
// Session-Expires / x (RFC 4028 §4): delta-seconds *( ";" se-params ), where
// se-params = "refresher" "=" ( "uas" / "uac" ) / generic-param.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

enum class Refresher : std::uint8_t { None, Uac, Uas };

struct SessionExpires {
    std::uint32_t seconds = 0;  // at most 2^32-1; the 90 s minimum (§4) is the caller's 422
    Refresher refresher = Refresher::None;  // None when the parameter is absent
    std::string_view params;                // after the first ';' (no leading ';')
};

Result<SessionExpires> parse_session_expires(std::string_view value);

}  // namespace dialtone::message
