#pragma once
// Recognising this proxy's own values in a request: the domains it serves (§16.5), and the
// host:port of its Via and Record-Route entries (§16.3 step 4, §16.4).

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/uri.hpp"
#include "server/proxy/proxy_config.hpp"

namespace dialtone::server::proxy {

// `host` (and `port`, 0 for none written) names one of our interfaces. An absent port
// matches an interface on the default port of its transport.
bool is_our_interface(const ProxyConfig& config, std::string_view host, std::uint16_t port);

// The host is a domain we are responsible for (any, with ProxyConfig::any_domain), or one of
// our interface hosts: whether a From claims one of our users.
bool is_our_domain(const ProxyConfig& config, std::string_view host);

// A Request-URI whose users we serve by configuration: its host is one of our domains, or
// one of our interfaces at its port (sip:bob@127.0.0.1:5070 is a phone next to a proxy on
// 127.0.0.1:5060, not a user of it). ProxyConfig::any_domain is not consulted.
bool names_our_domain(const ProxyConfig& config, const message::Uri& uri);

// A URI this proxy put in a Record-Route or that names it as a hop: no user part, and the
// host is one of our interfaces or domains (a Route like <sip:example.test;lr> a UA was
// configured with as its outbound proxy).
bool is_our_uri(const ProxyConfig& config, const message::Uri& uri);

// Lower-cased copy for domain comparisons and map keys.
std::string lower(std::string_view s);

}  // namespace dialtone::server::proxy
