#include "dialtone/sip/auth/outcome.hpp"

namespace dialtone::auth {

std::string_view outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Ok:
            return "ok";
        case Outcome::NoCredentials:
            return "no_credentials";
        case Outcome::WrongPassword:
            return "wrong_password";
        case Outcome::UnknownUser:
            return "unknown_user";
        case Outcome::StaleNonce:
            return "stale_nonce";
        case Outcome::Replay:
            return "replay";
        case Outcome::Malformed:
            return "malformed";
    }
    return "unknown";
}

}  // namespace dialtone::auth
