// `dialtone serve`: flags in the spirit of Kamailio's command line (-l takes the same
// [proto:]addr[:port] form as its `listen=`), every one with a default so the bare
// command runs a useful server (DESIGN.md §2.8).

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/serve_roles.hpp"
#include "ops/admin_endpoint.hpp"
#include "ops/admin_routes.hpp"
#include "ops/admin_server.hpp"
#include "runtime/listen_spec.hpp"
#include "runtime/logging.hpp"
#include "runtime/server.hpp"
#include "store/sqlite_database.hpp"

namespace dialtone::cli {

namespace {

struct ServeOptions {
    std::vector<std::string> listen;
    std::string db = "./dialtone.db";
    std::string log_level = "info";
    unsigned idle_timeout_s = 300;
    unsigned message_timeout_s = 10;
    std::size_t max_connections_per_ip = 64;
    std::size_t max_message_size = 65535;
    std::size_t workers = default_workers();
    unsigned shutdown_grace_s = 32;
    std::string tls_cert;
    std::string tls_key;
    std::string tls_ca;
    bool tls_verify_client = false;
    std::string admin{ops::kDefaultAdminEndpoint};
    RoleOptions roles;

    static std::size_t default_workers() {
        const unsigned cores = std::thread::hardware_concurrency();
        return cores == 0 ? 1 : cores;
    }
};

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ServeOptions>();
    CLI::App* serve = app.add_subcommand(
        "serve", "Run the SIP server (answers OPTIONS; other methods get 501 for now)");
    serve
        ->add_option("-l,--listen", options->listen,
                     "Address to listen on, [udp:|tcp:|tls:]ADDR[:PORT]; repeatable. Without a "
                     "protocol both UDP and TCP. IPv6 in brackets: [::1]:5060. Default port "
                     "5060, 5061 for tls:. Port 0 picks a free one. Default: 0.0.0.0:5060")
        ->type_name("ADDR");
    serve->add_option("--db", options->db, "SQLite database file, created if missing (WAL journal)")
        ->capture_default_str();
    serve->add_option("--log-level", options->log_level, "Log level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->capture_default_str();
    serve
        ->add_option("--tcp-idle-timeout", options->idle_timeout_s,
                     "Close a TCP/TLS connection silent for this many seconds")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    serve
        ->add_option("--message-timeout", options->message_timeout_s,
                     "Seconds a TCP/TLS message may take to arrive once its first octet has; "
                     "a slower one is dropped and the connection closed")
        ->check(CLI::Range(1u, 3600u))
        ->capture_default_str();
    serve
        ->add_option("--max-connections-per-ip", options->max_connections_per_ip,
                     "Concurrent TCP/TLS connections one remote IP may hold; more are closed "
                     "at accept (0: no cap)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}))
        ->capture_default_str();
    serve
        ->add_option("--max-message-size", options->max_message_size,
                     "Largest SIP message accepted, in octets; larger ones get 513")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1048576}))
        ->capture_default_str();
    serve
        ->add_option("--workers", options->workers,
                     "Worker threads, each with its own event loop (default: one per core)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1024}))
        ->capture_default_str();
    serve
        ->add_option("--shutdown-grace", options->shutdown_grace_s,
                     "On SIGTERM/SIGINT, seconds running work may take to finish before the "
                     "server closes everything and exits")
        ->check(CLI::Range(0u, 3600u))
        ->capture_default_str();
    serve->add_option("--tls-cert", options->tls_cert, "PEM certificate (chain) for TLS")
        ->type_name("FILE");
    serve->add_option("--tls-key", options->tls_key, "PEM private key of --tls-cert")
        ->type_name("FILE");
    serve
        ->add_option("--tls-ca", options->tls_ca,
                     "PEM CA certificates that client and peer certificates must chain to")
        ->type_name("FILE");
    serve->add_flag("--tls-verify-client", options->tls_verify_client,
                    "Require a TLS client certificate signed by a --tls-ca CA");

    serve
        ->add_option("--domain", options->roles.domains,
                     "A domain this server is the registrar for; repeatable. Without one, every "
                     "domain a phone names (users are looked up under it)")
        ->type_name("DOMAIN");
    serve
        ->add_option("--min-expires", options->roles.min_expires,
                     "Shortest registration accepted in seconds; shorter ones get 423")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    serve
        ->add_option("--max-expires", options->roles.max_expires,
                     "Longest registration granted in seconds; longer ones are shortened")
        ->check(CLI::Range(1u, 604800u))
        ->capture_default_str();
    serve
        ->add_option("--default-expires", options->roles.default_expires,
                     "Registration time when the phone asks for none, in seconds")
        ->check(CLI::Range(1u, 604800u))
        ->capture_default_str();
    serve
        ->add_option("--durability", options->roles.durability,
                     "When a registration counts as stored: full (synced to disk, survives "
                     "power loss) or normal (survives a crash of the server, not of the machine)")
        ->check(CLI::IsMember({"full", "normal"}))
        ->capture_default_str();

    serve
        ->add_option("--auth-algorithms", options->roles.auth_algorithms,
                     "Digest algorithms offered in challenges, in order (RFC 8760); clients "
                     "that only read the first challenge and only know MD5 need MD5 alone")
        ->check(CLI::IsMember({"SHA-256", "MD5"}))
        ->delimiter(',')
        ->capture_default_str();

    serve
        ->add_option("--nonce-lifetime", options->roles.nonce_lifetime,
                     "Seconds a digest nonce stays valid; a later answer to it gets a fresh "
                     "challenge with stale=true (RFC 7616 §3.3)")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    CLI::Option* admin =
        serve
            ->add_option("--admin", options->admin,
                         "Loopback HOST:PORT of the admin HTTP interface (GET /registrations; "
                         "read by `dialtone ctl`), or \"off\". Port 0 picks a free one (logged "
                         "as event=admin_listening). When the default port is taken the server "
                         "runs without it and warns; a port given here must be free")
            ->type_name("ADDR|off")
            ->capture_default_str();

    serve->callback([options, admin, &exit_code] {
        const bool admin_given = admin->count() > 0;
        std::optional<ops::AdminEndpoint> admin_endpoint;
        if (options->admin != "off") {
            std::string error;
            admin_endpoint = ops::parse_admin_endpoint(options->admin, error);
            if (!admin_endpoint) throw CLI::ValidationError("--admin", error);
        }
        runtime::ServerConfig config;
        if (!options->listen.empty()) {
            config.listen.clear();
            for (const std::string& text : options->listen) {
                std::string error;
                auto spec = runtime::parse_listen_spec(text, error);
                if (!spec) throw CLI::ValidationError("--listen", error);
                config.listen.push_back(*spec);
            }
        }
        config.db_path = options->db;
        config.idle_timeout = std::chrono::seconds(options->idle_timeout_s);
        config.message_timeout = std::chrono::seconds(options->message_timeout_s);
        config.max_connections_per_ip = options->max_connections_per_ip;
        config.max_message_size = options->max_message_size;
        config.workers = options->workers;
        config.shutdown_grace = std::chrono::seconds(options->shutdown_grace_s);
        config.tls.cert_file = options->tls_cert;
        config.tls.key_file = options->tls_key;
        config.tls.ca_file = options->tls_ca;
        config.tls.verify_client = options->tls_verify_client;
        const bool any_tls = std::any_of(config.listen.begin(), config.listen.end(),
                                         [](const runtime::ListenSpec& s) { return s.tls; });
        if (any_tls && (options->tls_cert.empty() || options->tls_key.empty())) {
            throw CLI::ValidationError("--listen tls:",
                                       "a TLS listener needs --tls-cert and --tls-key");
        }
        if (options->tls_verify_client && options->tls_ca.empty()) {
            throw CLI::ValidationError("--tls-verify-client",
                                       "needs --tls-ca to verify clients against");
        }
        if (!runtime::setup_logging(options->log_level)) {
            throw CLI::ValidationError("--log-level",
                                       fmt::format("unknown level {}", options->log_level));
        }
        // Open (or create) the database before listening, so a bad path fails at once with
        // a message naming the file instead of when the first registration arrives.
        std::unique_ptr<store::SqliteDatabase> db;
        try {
            db = std::make_unique<store::SqliteDatabase>(options->db);
        } catch (const std::exception& e) {
            spdlog::error("event=startup_failed reason=\"{}\"", e.what());
            exit_code = 1;
            return;
        }
        spdlog::info("event=database_open path={} schema_version={} journal={}", db->path(),
                     db->schema_version(), db->journal_mode());
        std::unique_ptr<ServeRoles> roles;
        try {
            roles = make_serve_roles(config, *db, options->roles);
        } catch (const std::exception& e) {
            spdlog::error("event=startup_failed reason=\"{}\"", e.what());
            exit_code = 1;
            return;
        }
        spdlog::info("event=registrar users={} bindings={} domains={}", roles->users->size(),
                     roles->bindings_loaded,
                     options->roles.domains.empty()
                         ? std::string("any")
                         : fmt::format("{}", fmt::join(options->roles.domains, ",")));
        std::unique_ptr<ops::AdminServer> admin_server;
        if (admin_endpoint) {
            const store::LocationIndex& index = roles->location->index();
            try {
                admin_server = std::make_unique<ops::AdminServer>(
                    *admin_endpoint, [&index](std::string_view method, std::string_view target) {
                        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count();
                        return ops::admin_route(method, target, index, now);
                    });
                spdlog::info("event=admin_listening address={}",
                             admin_server->local_endpoint().to_string());
            } catch (const std::exception& e) {
                if (admin_given) {
                    spdlog::error("event=startup_failed reason=\"{}\"", e.what());
                    exit_code = 1;
                    return;
                }
                // Several servers on one host (tests, a second instance) would otherwise
                // fail to start over an optional interface they did not ask for.
                spdlog::warn("event=admin_disabled reason=\"{}\"", e.what());
            }
        }
        exit_code = runtime::run_server(config, runtime::sip_handlers(roles->shared));
    });
}

}  // namespace dialtone::cli
