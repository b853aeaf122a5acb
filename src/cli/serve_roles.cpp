#include "cli/serve_roles.hpp"

#include <chrono>
#include <stdexcept>

#include "dialtone/sip/auth/nonce_key.hpp"
#include "runtime/advertised_addresses.hpp"
#include "runtime/server.hpp"
#include "server/proxy/dial_plan.hpp"

namespace dialtone::cli {

namespace {

server::proxy::DialRule dial_rule(const ops::DialPlanRule& r) {
    server::proxy::DialRule rule;
    rule.name = r.name;
    if (!r.regex.empty()) {
        rule.kind = server::proxy::PatternKind::Regex;
        rule.pattern = r.regex;
    } else if (!r.pattern.empty()) {
        rule.kind = server::proxy::PatternKind::DigitPattern;
        rule.pattern = r.pattern;
    } else {
        rule.kind = server::proxy::PatternKind::Prefix;
        rule.pattern = r.prefix;
    }
    for (const std::string& t : r.targets)
        rule.targets.push_back(server::proxy::DialTarget{t, std::nullopt});
    rule.strip = r.strip;
    rule.prefix = r.prepend;
    rule.mode = r.mode == "redirect"    ? server::proxy::RouteMode::Redirect
                : r.mode == "stateless" ? server::proxy::RouteMode::Stateless
                                        : server::proxy::RouteMode::Forward;
    return rule;
}

std::shared_ptr<const runtime::ProxyShared> make_proxy(const runtime::ServerConfig& config,
                                                       const std::vector<std::string>& domains,
                                                       const RoleOptions& options,
                                                       const runtime::OutboundConfig& outbound) {
    auto shared = std::make_shared<runtime::ProxyShared>();
    const ops::ProxySettings& p = options.proxy_settings;
    server::proxy::ProxyConfig& c = shared->config;
    c.domains = domains;
    c.any_domain = domains.empty();
    if (p.mode == "redirect") {
        if (domains.empty())
            throw std::runtime_error(
                "proxy mode \"redirect\" needs the domains to redirect "
                "(--domain or registrar.domains)");
        c.redirect_domains = domains;
    }
    c.record_route = p.record_route;
    c.parallel_forking = p.forking != "sequential";
    c.timer_c = std::chrono::seconds(p.timer_c);
    c.sequential_timeout = std::chrono::seconds(p.sequential_timeout);
    for (const ops::DialPlanRule& r : options.dialplan)
        c.dial_plan.push_back(dial_rule(r));
    std::string error;
    if (!server::proxy::DialPlan::compile(c.dial_plan, error))
        throw std::runtime_error("dial plan: " + error);
    auto trusted = runtime::PeerTrust::parse(p.trusted_peers, error);
    if (!trusted) throw std::runtime_error("proxy.trusted_peers: " + error);
    shared->trusted = std::move(*trusted);
    shared->addresses = runtime::advertised_addresses(config.listen);
    c.interfaces = shared->addresses.interfaces;
    shared->dns = outbound.dns;
    return shared;
}

}  // namespace

std::unique_ptr<ServeRoles> make_serve_roles(const runtime::ServerConfig& config,
                                             store::SqliteDatabase& db,
                                             const RoleOptions& options) {
    auto roles = std::make_unique<ServeRoles>();
    roles->user_store = std::make_unique<store::UserStore>(db);
    roles->users = std::make_unique<runtime::UserDirectory>(*roles->user_store);

    // The nonce key lives in the database, so nonces survive a restart (RFC 7616 §3.3 lets
    // a server choose; stale challenges after every restart would re-prompt every phone).
    const auto fresh = auth::NonceKey::generate();
    if (!fresh) throw std::runtime_error("cannot draw a random nonce key");
    std::string key_hex;
    if (!roles->user_store->load_or_store_secret("auth.nonce_key", fresh->to_hex(), key_hex)) {
        throw std::runtime_error("database " + db.path() + ": cannot read the nonce key");
    }
    auto key = auth::NonceKey::from_hex(key_hex);
    if (!key) throw std::runtime_error("database " + db.path() + ": the nonce key is corrupt");

    const store::Durability durability =
        options.durability == "normal" ? store::Durability::Normal : store::Durability::Full;
    roles->journal = std::make_unique<store::LocationJournal>(db.path(), durability);
    roles->location = std::make_unique<store::LocationService>(roles->journal.get());
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    roles->bindings_loaded = roles->location->load(now_s);

    runtime::SipHandlerShared& s = roles->shared;
    server::ResponderConfig rc = runtime::responder_config(config);
    rc.allow = options.proxy ? "OPTIONS, REGISTER, INVITE, ACK, CANCEL, BYE"
                             : "OPTIONS, REGISTER, ACK, CANCEL";
    rc.supported = "path";
    s.responder = std::make_shared<const server::Responder>(rc);
    s.tag_secret = rc.tag_secret;
    s.registrar_enabled = true;
    s.registrar.domains = options.domains;
    for (std::string& d : s.registrar.domains)
        for (char& c : d)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    s.registrar.policy.min_expires = options.min_expires;
    s.registrar.policy.max_expires = options.max_expires;
    s.registrar.policy.default_expires = options.default_expires;
    s.location = roles->location.get();
    s.users = roles->users.get();
    s.nonce_key = *key;
    s.nonce_lifetime = std::chrono::seconds(options.nonce_lifetime);
    s.offer_sha256 = s.offer_md5 = false;
    for (const std::string& a : options.auth_algorithms) {
        if (a == "SHA-256") s.offer_sha256 = true;
        if (a == "MD5") s.offer_md5 = true;
    }
    if (options.proxy) s.proxy = make_proxy(config, s.registrar.domains, options, s.outbound);
    return roles;
}

}  // namespace dialtone::cli
