#pragma once
// A user's address as the CLI and the import file give it: "alice@example.test" (optionally
// with "sip:" in front), or user and domain as two fields. The domain is the digest realm
// (RFC 3261 §22.1 suggests the domain), stored lower-case because host names compare
// case-insensitively (RFC 3261 §19.1.4) while the user part stays as written.

#include <optional>
#include <string>
#include <string_view>

namespace dialtone::store {

struct UserAddress {
    std::string user;
    std::string domain;  // lower-case

    std::string text() const { return user + "@" + domain; }
};

// Validates user and domain with the SIP URI grammar (RFC 3261 §25.1): the user part must
// be one of sip:user@domain, written without escapes (it is compared with the digest
// username as is); the domain a host name or IP address without port or parameters.
// On failure `error` says what is wrong ("no '@' in ...").
std::optional<UserAddress> make_user_address(std::string_view user, std::string_view domain,
                                             std::string& error);

// "user@domain" or "sip:user@domain".
std::optional<UserAddress> parse_user_address(std::string_view text, std::string& error);

}  // namespace dialtone::store
