#pragma once
// Server-side checks of a parsed message (RFC 3261 §8.2 for a UAS, §16.3 for a proxy,
// §10.3 for a registrar). The first defect found comes back with the status to answer:
// a 400 whose reason names the header, or 416, 420, 415, 406, 483. For responses, status
// 0 means "drop it": responses are never answered.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

enum class Role : std::uint8_t { Uas, Proxy, Registrar };

struct ValidationPolicy {
    Role role = Role::Uas;
    // Option tags this element supports (Require / Proxy-Require checks, RFC 3261 §8.2.2.3).
    std::span<const std::string_view> supported_extensions = {};
};

// nullopt when the request is acceptable.
std::optional<ParseError> validate_request(const Message& m, const ValidationPolicy& policy = {});
std::optional<ParseError> validate_response(const Message& m, const ValidationPolicy& policy = {});

// The option tags of Require (and Proxy-Require for a proxy) that `policy` does not
// support: what a 420 response lists in Unsupported.
std::vector<std::string_view> unsupported_extensions(const Message& m,
                                                     const ValidationPolicy& policy);

}  // namespace dialtone::message
