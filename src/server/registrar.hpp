#pragma once
// The registrar (RFC 3261 §10.3, every step) as a transaction user stage: a REGISTER that
// passed validation goes in, its answer comes out through `reply`. Authentication is digest
// (401) against the users of the domain; bindings live in the location service, and a
// change is answered 200 only once it is durable (DESIGN.md §2.7).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dialtone/sip/auth/digest_server.hpp"
#include "dialtone/sip/message/message.hpp"
#include "server/registrar_policy.hpp"
#include "store/location_service.hpp"

namespace dialtone::server {

struct RegistrarConfig {
    RegistrarPolicy policy;
    // The domains we are the registrar for, lower case. Empty: every domain (a lab server
    // with no --domain); users are still looked up under the domain the UA names.
    std::vector<std::string> domains;
    // Off only when the operator says so: then anyone may register any AoR of our domains.
    bool authenticate = true;
};

class Registrar {
  public:
    using Reply = std::function<void(message::Message response)>;

    // `auth` may be null only when config.authenticate is false. Both must outlive the
    // registrar; `auth` is the calling worker's (DigestServer is not thread-safe).
    Registrar(RegistrarConfig config, store::LocationService& location, auth::DigestServer* auth);

    // Answers `request` (a REGISTER): at once through `reply` when nothing must be written,
    // else from the location journal's thread once the change is committed — the caller
    // hands that back to its worker. `source` is where the request came from
    // ("udp:192.0.2.1:5060"); `now_ms` is wall-clock Unix time in milliseconds (binding
    // expiry and nonces both outlive a restart); `to_tag` is the tag for the response's To.
    void handle(std::shared_ptr<const message::Message> request, const std::string& source,
                std::int64_t now_ms, const std::string& to_tag, Reply reply);

    bool serves_domain(std::string_view domain) const;
    const RegistrarConfig& config() const { return config_; }

  private:
    RegistrarConfig config_;
    store::LocationService& location_;
    auth::DigestServer* auth_;
};

}  // namespace dialtone::server
