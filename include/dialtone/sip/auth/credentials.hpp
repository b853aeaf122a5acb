#pragma once
// What the verifier needs to know about a user: HA1 per algorithm (RFC 7616 §3.4.2), never
// the password. The server fills a CredentialLookup from the user store.

#include <string>
#include <string_view>

#include "dialtone/sip/auth/algorithm.hpp"

namespace dialtone::auth {

struct UserCredentials {
    std::string ha1_md5;     // 32 lower-case hex digits, empty when not stored
    std::string ha1_sha256;  // 64 lower-case hex digits, empty when not stored

    std::string_view ha1(Algorithm a) const { return a == Algorithm::Md5 ? ha1_md5 : ha1_sha256; }
};

class CredentialLookup {
  public:
    virtual ~CredentialLookup() = default;
    // The credentials of `username` in `realm`, or nullptr. Must not block: the server
    // answers from memory (DESIGN.md §2.7).
    virtual const UserCredentials* find(std::string_view username,
                                        std::string_view realm) const = 0;
};

}  // namespace dialtone::auth
