#pragma once
// What the proxy, redirect server and dial plan (RFC 3261 §16) are told by the operator.
// Plain values with a default for every field, so a config file (or a test) fills only
// what it changes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::server::proxy {

// One address this proxy listens on, as written in its Via sent-by and Record-Route URIs.
// `host` is a name or an IP literal (IPv6 without brackets); port 0 means the transport's
// default (5060, or 5061 for TLS).
struct Interface {
    transport::Transport transport = transport::Transport::Udp;
    std::string host;
    std::uint16_t port = 0;

    friend bool operator==(const Interface&, const Interface&) = default;
};

// How the user part of a Request-URI is matched by a dial-plan rule.
enum class PatternKind : std::uint8_t {
    // The user starts with `pattern` ("00", "+44").
    Prefix,
    // Cisco destination-pattern style: digits and characters match themselves, '.' matches
    // any one character, a final 'T' matches any (possibly empty) rest. "1111...." matches
    // eight-character users starting with 1111.
    DigitPattern,
    // ECMAScript regular expression matched against the whole user part.
    Regex,
};

// What a matching rule (or a domain) does with the request.
enum class RouteMode : std::uint8_t {
    Forward,    // stateful proxying (§16.2-§16.10)
    Redirect,   // 302 / 300 with the targets as Contacts (§8.3)
    Stateless,  // stateless proxying (§16.11), first target only
};

// One destination of a rule: a URI resolved by RFC 3263 ("sip:gw1.example.net;transport=tcp"),
// or an explicit numeric endpoint (a Cisco "session target ipv4:192.0.2.1:5060") that is
// used as is; the URI is then the Request-URI host the request is sent with.
struct DialTarget {
    std::string uri;
    std::optional<transport::Endpoint> endpoint;
};

struct DialRule {
    std::string name;  // for logs and config errors
    PatternKind kind = PatternKind::Prefix;
    std::string pattern;
    // Tried in order: the next one only when the previous failed (failover).
    std::vector<DialTarget> targets;
    // Digits removed from the front of the user, then `prefix` put in front.
    std::size_t strip = 0;
    std::string prefix;
    RouteMode mode = RouteMode::Forward;
    // By default only authenticated local users and trusted peers may use a rule (a gateway
    // costs money); off for rules that serve calls from anyone (an inbound DID range).
    bool require_trust = true;
    // Match Request-URIs of any domain, not only ours (and tel: URIs, which always match).
    bool any_domain = false;
};

struct ProxyConfig {
    // The domains we are responsible for, lower case (§16.5): their users are looked up in
    // the location service and the dial plan. Our own interface hosts count as well.
    std::vector<std::string> domains;
    // Zero-config serving (no domain configured): every domain a request names is ours, so
    // its users are looked up here and nothing is ever relayed to another domain except by
    // the dial plan or a dialog's route set.
    bool any_domain = false;
    // Domains answered in redirect mode (a subset of `domains`).
    std::vector<std::string> redirect_domains;
    // Every address this proxy puts in Via and Record-Route: loop detection (§16.3 step 4)
    // and Route pre-processing (§16.4) recognise our own values by them.
    std::vector<Interface> interfaces;
    // Source IP addresses whose requests are neither challenged nor refused relaying.
    std::vector<std::string> trusted_peers;
    std::vector<DialRule> dial_plan;

    // §16.6 step 4: stay on the path of dialogs this proxy helps create.
    bool record_route = true;
    // How contacts of one AoR are tried (§16.6, §16.7): all at once, or by q-value groups,
    // highest first, the next group when one fails or does not answer in time.
    bool parallel_forking = true;
    // Challenge (407) requests that claim a local user from an untrusted source (§22.3).
    bool authenticate = true;
    // Timer C (§16.6 step 11): more than three minutes, restarted by provisional responses.
    transaction::Duration timer_c = std::chrono::seconds(181);
    // Sequential forking: how long a group may ring before the next one is tried.
    transaction::Duration sequential_timeout = std::chrono::seconds(20);
    // Option tags accepted in Proxy-Require (§16.3 step 5); the rest get 420.
    std::vector<std::string> supported_extensions;
    // At most this many branches per request (contacts beyond are ignored).
    std::size_t max_branches = 16;
    // Send to the address a binding was registered from rather than resolving its Contact:
    // reaches UAs behind NAT whose Contact holds a private address.
    bool use_registration_source = true;
    // Keys the loop-detection hash and the stateless branches; any value, stable per process
    // (or across a cluster, so stateless peers compute the same branches).
    std::uint64_t secret = 0x6469616c746f6e65ULL;
};

}  // namespace dialtone::server::proxy
