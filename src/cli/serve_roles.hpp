#pragma once
// What `dialtone serve` runs behind its transports: the users, the location service and the
// registrar settings every worker's SipHandler shares. Owned here for the server's lifetime.

#include <memory>
#include <string>
#include <vector>

#include "ops/settings.hpp"
#include "runtime/server_config.hpp"
#include "runtime/sip_handler.hpp"
#include "runtime/user_directory.hpp"
#include "store/location_journal.hpp"
#include "store/location_service.hpp"
#include "store/sqlite_database.hpp"
#include "store/user_store.hpp"

namespace dialtone::cli {

struct RoleOptions {
    std::vector<std::string> domains;
    std::uint32_t min_expires = 60;
    std::uint32_t max_expires = 3600;
    std::uint32_t default_expires = 3600;
    std::string durability = "full";
    std::vector<std::string> auth_algorithms{"SHA-256", "MD5"};
    std::uint32_t nonce_lifetime = 300;  // seconds
    // The proxy for everything that is not for the server itself; off: 501 as before.
    bool proxy = true;
    ops::ProxySettings proxy_settings;
    std::vector<ops::DialPlanRule> dialplan;
};

struct ServeRoles {
    std::unique_ptr<store::UserStore> user_store;
    std::unique_ptr<runtime::UserDirectory> users;
    std::unique_ptr<store::LocationJournal> journal;
    std::unique_ptr<store::LocationService> location;
    runtime::SipHandlerShared shared;
    std::size_t bindings_loaded = 0;
};

// Loads users and bindings and fills `roles`. Throws std::runtime_error (start-up failure)
// naming what could not be read or a proxy setting (dial plan, trusted peers) that is wrong.
std::unique_ptr<ServeRoles> make_serve_roles(const runtime::ServerConfig& config,
                                             store::SqliteDatabase& db, const RoleOptions& options);

}  // namespace dialtone::cli
