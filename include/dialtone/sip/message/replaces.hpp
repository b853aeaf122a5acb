#pragma once
// Replaces (RFC 3891 §6.1): callid *( ";" replaces-param ), with to-tag=token,
// from-tag=token and the early-only flag. §3: exactly one to-tag and one from-tag.

#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct Replaces {
    std::string_view call_id;  // word [ "@" word ]
    std::string_view to_tag;
    std::string_view from_tag;
    bool early_only = false;
    std::string_view params;  // after the first ';' (no leading ';')
};

// The header value as received. A Replaces carried in a Refer-To URI header
// (?Replaces=...) is %-escaped: unescape() it first.
Result<Replaces> parse_replaces(std::string_view value);

}  // namespace dialtone::message
