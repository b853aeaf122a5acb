#include "cli/serve_roles.hpp"

#include <chrono>
#include <stdexcept>

#include "dialtone/sip/auth/nonce_key.hpp"
#include "runtime/server.hpp"

namespace dialtone::cli {

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
    rc.allow = "OPTIONS, REGISTER, ACK, CANCEL";
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
    return roles;
}

}  // namespace dialtone::cli
