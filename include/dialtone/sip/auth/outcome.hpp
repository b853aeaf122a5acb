#pragma once
// What verifying a request's credentials concluded, and what the server answers.

#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/auth/algorithm.hpp"
#include "dialtone/sip/auth/auth_kind.hpp"

namespace dialtone::auth {

enum class Outcome : std::uint8_t {
    Ok,
    NoCredentials,  // none for this realm: challenge (401/407)
    WrongPassword,  // response digest does not match: 403 (or a new challenge)
    UnknownUser,    // as WrongPassword: same work, same answer, no user enumeration
    StaleNonce,     // digest right but the nonce expired or is not ours: stale=true
    Replay,         // digest right but the nonce-count was already used: stale=true
    Malformed,      // broken credentials or ones we never offered: 400
};

std::string_view outcome_name(Outcome o);

// The status to answer with; 0 for Ok. UnknownUser gives what WrongPassword gives. A role
// that prefers re-challenging a wrong password (Kamailio-style) may send a 401/407 instead
// of 403; it must then do so for UnknownUser too.
constexpr int response_status(Outcome o, AuthKind k) {
    switch (o) {
        case Outcome::Ok:
            return 0;
        case Outcome::WrongPassword:
        case Outcome::UnknownUser:
            return 403;
        case Outcome::Malformed:
            return 400;
        case Outcome::NoCredentials:
        case Outcome::StaleNonce:
        case Outcome::Replay:
            break;
    }
    return challenge_status(k);
}

// Whether the new challenge carries stale=true: the client knew the password, only the
// nonce (or its count) is unusable, so it may retry without asking the user
// (RFC 7616 §3.3 "stale").
constexpr bool challenge_is_stale(Outcome o) {
    return o == Outcome::StaleNonce || o == Outcome::Replay;
}

struct Verdict {
    Outcome outcome = Outcome::NoCredentials;
    // Static text for logs and 400 reason phrases ("uri does not match the Request-URI").
    std::string_view reason;
    // The username the client sent (unescaped), when it got that far. Authenticated only
    // when outcome is Ok.
    std::string username;
    Algorithm algorithm = Algorithm::Md5;

    bool ok() const { return outcome == Outcome::Ok; }
};

}  // namespace dialtone::auth
