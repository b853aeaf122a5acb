#pragma once
// Everything an operator can set for `dialtone serve`, with the defaults that make the bare
// command a working server (DESIGN.md §2.8). Filled from the TOML file (config_file.hpp), then
// overridden by command-line flags; the roles turn it into their own configs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dialtone::ops {

struct ServerSettings {
    std::vector<std::string> listen;  // empty: 0.0.0.0:5060 over UDP and TCP
    std::size_t workers = 0;          // 0: one per core
    std::string db = "./dialtone.db";
    std::string log_level = "info";
    std::uint32_t tcp_idle_timeout = 300;
    std::uint32_t message_timeout = 10;
    std::size_t max_connections_per_ip = 64;
    std::size_t max_message_size = 65535;
    std::uint32_t shutdown_grace = 32;
    // Loopback HOST:PORT of the admin HTTP interface, or "off".
    std::string admin = "127.0.0.1:8060";
};

struct TlsSettings {
    std::string cert;
    std::string key;
    std::string ca;
    bool verify_client = false;
};

struct RegistrarSettings {
    std::vector<std::string> domains;  // empty: every domain a phone names
    std::uint32_t min_expires = 60;
    std::uint32_t max_expires = 3600;
    std::uint32_t default_expires = 3600;
    std::string durability = "full";
    std::vector<std::string> auth_algorithms{"SHA-256", "MD5"};
    std::uint32_t nonce_lifetime = 300;  // seconds a digest nonce is accepted (RFC 7616 §3.3)
};

struct ProxySettings {
    bool record_route = true;
    std::string forking = "parallel";  // or "sequential" (by q-value groups)
    std::string mode = "proxy";        // for our domains: "proxy" or "redirect"
    // Sources that are not challenged: IP addresses or CIDR prefixes.
    std::vector<std::string> trusted_peers;
    std::uint32_t timer_c = 181;  // seconds; RFC 3261 §16.6 item 11 wants more than 3 minutes
    std::uint32_t sequential_timeout = 20;  // seconds a q-value group rings (sequential forking)
};

// One dial-plan rule: which Request-URI users it takes and where it sends them.
struct DialPlanRule {
    std::string name;
    // Exactly one of the three: a literal prefix, a Cisco-style destination pattern
    // ("1111...." — each '.' one digit), or a POSIX extended regular expression matching the
    // whole user part.
    std::string prefix;
    std::string pattern;
    std::string regex;
    std::vector<std::string> targets;  // SIP URIs, tried in order (failover)
    std::uint32_t strip = 0;           // leading characters removed from the user part
    std::string prepend;               // then put in front of it
    std::string mode = "proxy";        // "proxy", "redirect" or "stateless"
    std::size_t line = 0;              // where the rule starts in the file, for messages
};

// The softphone commands' account (`dialtone call/phone/register/message --config`);
// their flags override it.
struct UaSettings {
    std::string account;  // AoR, e.g. "sip:alice@example.test"
    std::string user;     // digest user name; empty: the AoR's user part
    std::string password;
    std::string registrar;       // URI or HOST[:PORT]; empty: the AoR's domain
    std::string outbound_proxy;  // URI or HOST[:PORT]; empty: none
    std::string transport = "udp";
    std::uint32_t expires = 3600;
};

struct Settings {
    ServerSettings server;
    TlsSettings tls;
    RegistrarSettings registrar;
    ProxySettings proxy;
    std::vector<DialPlanRule> dialplan;
    UaSettings ua;
};

}  // namespace dialtone::ops
