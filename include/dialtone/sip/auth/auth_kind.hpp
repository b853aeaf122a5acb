#pragma once
// Who challenges (RFC 3261 §22.2-22.3): a registrar or UAS answers 401 with WWW-Authenticate
// and reads Authorization; a proxy answers 407 with Proxy-Authenticate and reads
// Proxy-Authorization.

#include <cstdint>

#include "dialtone/sip/message/header_id.hpp"

namespace dialtone::auth {

enum class AuthKind : std::uint8_t { Www, Proxy };

constexpr int challenge_status(AuthKind k) {
    return k == AuthKind::Www ? 401 : 407;
}
constexpr message::HeaderId challenge_header(AuthKind k) {
    return k == AuthKind::Www ? message::HeaderId::WwwAuthenticate
                              : message::HeaderId::ProxyAuthenticate;
}
constexpr message::HeaderId credentials_header(AuthKind k) {
    return k == AuthKind::Www ? message::HeaderId::Authorization
                              : message::HeaderId::ProxyAuthorization;
}

}  // namespace dialtone::auth
