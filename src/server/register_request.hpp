#pragma once
// What a REGISTER asks for, read and checked once (RFC 3261 §10.3 steps 5-7 need it): the
// address-of-record from To, and each Contact with its expiry, q-value and RFC 5626 keys.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::server {

struct RegisterContact {
    std::string uri;                       // the Contact URI as written, without <>
    std::optional<std::uint32_t> expires;  // the contact's own expires parameter
    std::uint16_t q = 1000;                // q-value x 1000
    std::string instance;                  // +sip.instance, quotes kept
    std::uint32_t reg_id = 0;              // reg-id, 0 when absent
};

struct RegisterRequest {
    // "sip:user@host", host in lower case, no port or parameters: the key bindings live under.
    std::string aor;
    std::string aor_user;
    std::string aor_domain;
    bool star = false;  // "Contact: *"
    std::vector<RegisterContact> contacts;
    std::optional<std::uint32_t> expires_header;
    std::string call_id;
    std::uint32_t cseq = 0;
    std::string path;  // every Path value, comma-separated (RFC 3327)
    std::string user_agent;
};

struct RegisterRefusal {
    int status;
    std::string reason;
};

// Reads a REGISTER that already passed validate_request (so Call-ID, CSeq, To and From
// parse). Refuses what RFC 3261 §10.3 says a registrar must: a To that is not a SIP URI
// with a user (404), a Contact or Expires that does not parse (400), '*' with other
// contacts or a non-zero expiry (400).
std::variant<RegisterRequest, RegisterRefusal> read_register(const message::Message& request);

// The AoR key of a SIP URI ("sip:user@host", host lower-cased), or empty when it has no user.
std::string aor_of(const message::Uri& uri);

}  // namespace dialtone::server
