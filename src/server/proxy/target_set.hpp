#pragma once
// Target determination (RFC 3261 §16.5): where a request goes, or why it does not.
//  - A request following a route set (a Route left after §16.4), or addressed to a domain
//    we are not responsible for: the Request-URI is the only target.
//  - Our domain: the AoR's current bindings from the location service, with Path as Route
//    (RFC 3327) and q-values; a known user without bindings is 480, an unknown one goes to
//    the dial plan and then 404.
//  - tel: URIs and numbers: the first matching dial-plan rule, its targets tried in order.
// Leaving our domains (relaying) and using a dial-plan rule are allowed only to trusted
// peers and authenticated local users: never an open relay.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/auth/credentials.hpp"
#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "server/proxy/dial_plan.hpp"
#include "server/proxy/proxy_config.hpp"
#include "server/proxy/request_check.hpp"
#include "store/location_service.hpp"

namespace dialtone::server::proxy {

struct Target {
    // The Request-URI of the forwarded request.
    std::string uri;
    // Route values to put on top of the request, in order (a binding's Path).
    std::vector<std::string> routes;
    // Send here without resolving (dial-plan address, registration source).
    std::optional<transport::Endpoint> endpoint;
    std::uint16_t q = 1000;  // q x 1000
    // Targets of one group are tried in parallel; group n+1 only when group n failed.
    std::size_t group = 0;
};

struct TargetDecision {
    enum class Kind : std::uint8_t { Forward, Redirect, Refuse };
    Kind kind = Kind::Refuse;
    // Forward: stateful, or stateless for a stateless rule.
    bool stateless = false;
    std::vector<Target> targets;  // by group, then as tried
    Refusal refusal;
};

struct TargetQuery {
    const message::Message& request;  // after §16.4
    bool own_route_removed = false;
    // A trusted peer or an authenticated local user: may relay and use the dial plan.
    bool trusted = false;
    std::int64_t now_s = 0;  // wall clock, for binding expiry
};

class TargetResolver {
  public:
    // `location` and `users` may be null (no registrar: no local users); they must outlive
    // the resolver.
    TargetResolver(const ProxyConfig& config, const DialPlan& plan,
                   const store::LocationService* location, const auth::CredentialLookup* users)
        : config_(config), plan_(plan), location_(location), users_(users) {}

    TargetDecision resolve(const TargetQuery& query) const;

  private:
    TargetDecision local_user(const TargetQuery& q, const message::Uri& ruri,
                              std::string_view domain) const;
    TargetDecision dial_plan(const TargetQuery& q, const DialMatch& m) const;

    const ProxyConfig& config_;
    const DialPlan& plan_;
    const store::LocationService* location_;
    const auth::CredentialLookup* users_;
};

// "udp:192.0.2.1:5060" (how the registrar stores a binding's source) as an endpoint.
std::optional<transport::Endpoint> parse_source(std::string_view text);

}  // namespace dialtone::server::proxy
