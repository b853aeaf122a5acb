#pragma once
#include <cstddef>
#include <cstdint>

namespace dialtone::server {

// The registrar's expiry limits and rules (RFC 3261 §10.3, §20.19). The defaults are the
// ones Kamailio's registrar ships with, so a softphone sees what it is used to.
struct RegistrarPolicy {
    // Below this (and not 0) a REGISTER is refused with 423 and Min-Expires (§10.3 step 7).
    std::uint32_t min_expires = 60;
    // Above this the registrar shortens the binding (§10.2.1.1 lets it).
    std::uint32_t max_expires = 3600;
    // When neither the contact nor the request says (§10.2.1.1: "a locally-configured default").
    std::uint32_t default_expires = 3600;
    // Most bindings one AoR may hold; 0 means no limit. Beyond it: 403.
    std::size_t max_contacts = 0;
    // §10.3 step 4: may an authenticated user register another AoR (third-party)? Off: only
    // one's own, as the default asks.
    bool allow_third_party = false;
};

}  // namespace dialtone::server
