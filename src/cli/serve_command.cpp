// `dialtone serve`: flags in the spirit of Kamailio's command line (-l takes the same
// [proto:]addr[:port] form as its `listen=`), every one with a default so the bare
// command runs a useful server (DESIGN.md §2.8).

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/flag_overrides.hpp"
#include "cli/serve_roles.hpp"
#include "ops/admin_endpoint.hpp"
#include "ops/admin_routes.hpp"
#include "ops/admin_server.hpp"
#include "ops/config_file.hpp"
#include "ops/settings.hpp"
#include "runtime/listen_spec.hpp"
#include "runtime/logging.hpp"
#include "runtime/server.hpp"
#include "store/sqlite_database.hpp"

namespace dialtone::cli {

namespace {

// What `serve` is told: the config file, then every flag given on the command line over it.
struct ServeArguments {
    std::string config_file;
    FlagOverrides flags;
    CLI::Option* admin = nullptr;
};

std::size_t cores() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

RoleOptions role_options(const ops::Settings& s) {
    RoleOptions roles;
    roles.domains = s.registrar.domains;
    roles.min_expires = s.registrar.min_expires;
    roles.max_expires = s.registrar.max_expires;
    roles.default_expires = s.registrar.default_expires;
    roles.durability = s.registrar.durability;
    roles.auth_algorithms = s.registrar.auth_algorithms;
    roles.nonce_lifetime = s.registrar.nonce_lifetime;
    roles.proxy_settings = s.proxy;
    roles.dialplan = s.dialplan;
    return roles;
}

}  // namespace

#define FIELD(path)                  \
    [](ops::Settings & s) -> auto& { \
        return s.path;               \
    }

void add_serve_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ServeArguments>();
    FlagOverrides& flags = args->flags;
    CLI::App* serve = app.add_subcommand("serve",
                                         "Run the SIP server: registrar for --domain and stateful "
                                         "proxy (RFC 3261 §16) with a dial plan");
    serve
        ->add_option("-c,--config", args->config_file,
                     "TOML config file (`dialtone config defaults` prints every key); flags "
                     "given here override it")
        ->type_name("FILE");
    flags
        .option(serve, "-l,--listen", FIELD(server.listen),
                "Address to listen on, [udp:|tcp:|tls:]ADDR[:PORT]; repeatable. Without a "
                "protocol both UDP and TCP. IPv6 in brackets: [::1]:5060. Default port "
                "5060, 5061 for tls:. Port 0 picks a free one. Default: 0.0.0.0:5060")
        ->type_name("ADDR");
    flags
        .option(serve, "--db", FIELD(server.db),
                "SQLite database file, created if missing (WAL journal)")
        ->capture_default_str();
    flags.option(serve, "--log-level", FIELD(server.log_level), "Log level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->capture_default_str();
    flags
        .option(serve, "--tcp-idle-timeout", FIELD(server.tcp_idle_timeout),
                "Close a TCP/TLS connection silent for this many seconds")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    flags
        .option(serve, "--message-timeout", FIELD(server.message_timeout),
                "Seconds a TCP/TLS message may take to arrive once its first octet has; "
                "a slower one is dropped and the connection closed")
        ->check(CLI::Range(1u, 3600u))
        ->capture_default_str();
    flags
        .option(serve, "--max-connections-per-ip", FIELD(server.max_connections_per_ip),
                "Concurrent TCP/TLS connections one remote IP may hold; more are closed "
                "at accept (0: no cap)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}))
        ->capture_default_str();
    flags
        .option(serve, "--max-message-size", FIELD(server.max_message_size),
                "Largest SIP message accepted, in octets; larger ones get 513")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1048576}))
        ->capture_default_str();
    flags
        .option(serve, "--workers", FIELD(server.workers),
                "Worker threads, each with its own event loop (0: one per core)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1024}))
        ->capture_default_str();
    flags
        .option(serve, "--shutdown-grace", FIELD(server.shutdown_grace),
                "On SIGTERM/SIGINT, seconds running work may take to finish before the "
                "server closes everything and exits")
        ->check(CLI::Range(0u, 3600u))
        ->capture_default_str();
    flags.option(serve, "--tls-cert", FIELD(tls.cert), "PEM certificate (chain) for TLS")
        ->type_name("FILE");
    flags.option(serve, "--tls-key", FIELD(tls.key), "PEM private key of --tls-cert")
        ->type_name("FILE");
    flags
        .option(serve, "--tls-ca", FIELD(tls.ca),
                "PEM CA certificates that client and peer certificates must chain to")
        ->type_name("FILE");
    flags.flag(serve, "--tls-verify-client", FIELD(tls.verify_client),
               "Require a TLS client certificate signed by a --tls-ca CA");

    flags
        .option(serve, "--domain", FIELD(registrar.domains),
                "A domain this server is the registrar for; repeatable. Without one, every "
                "domain a phone names (users are looked up under it)")
        ->type_name("DOMAIN");
    flags
        .option(serve, "--min-expires", FIELD(registrar.min_expires),
                "Shortest registration accepted in seconds; shorter ones get 423")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    flags
        .option(serve, "--max-expires", FIELD(registrar.max_expires),
                "Longest registration granted in seconds; longer ones are shortened")
        ->check(CLI::Range(1u, 604800u))
        ->capture_default_str();
    flags
        .option(serve, "--default-expires", FIELD(registrar.default_expires),
                "Registration time when the phone asks for none, in seconds")
        ->check(CLI::Range(1u, 604800u))
        ->capture_default_str();
    flags
        .option(serve, "--durability", FIELD(registrar.durability),
                "When a registration counts as stored: full (synced to disk, survives "
                "power loss) or normal (survives a crash of the server, not of the machine)")
        ->check(CLI::IsMember({"full", "normal"}))
        ->capture_default_str();
    flags
        .option(serve, "--auth-algorithms", FIELD(registrar.auth_algorithms),
                "Digest algorithms offered in challenges, in order (RFC 8760); clients "
                "that only read the first challenge and only know MD5 need MD5 alone")
        ->check(CLI::IsMember({"SHA-256", "MD5"}))
        ->delimiter(',')
        ->capture_default_str();
    flags
        .option(serve, "--nonce-lifetime", FIELD(registrar.nonce_lifetime),
                "Seconds a digest nonce stays valid; a later answer to it gets a fresh "
                "challenge with stale=true (RFC 7616 §3.3)")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    args->admin =
        flags
            .option(serve, "--admin", FIELD(server.admin),
                    "Loopback HOST:PORT of the admin HTTP interface (GET /registrations; "
                    "read by `dialtone ctl`), or \"off\". Port 0 picks a free one (logged "
                    "as event=admin_listening). When the default port is taken the server "
                    "runs without it and warns; a port given here must be free")
            ->type_name("ADDR|off")
            ->capture_default_str();

    serve->callback([args, &exit_code] {
        ops::Settings settings;
        if (!args->config_file.empty()) {
            ops::LoadedConfig loaded = ops::load_config_file(args->config_file);
            if (!loaded.ok()) {
                for (const ops::ConfigError& error : loaded.errors) {
                    std::cerr << ops::format_config_error(args->config_file, error) << '\n';
                }
                exit_code = 2;
                return;
            }
            settings = std::move(loaded.settings);
        }
        args->flags.apply(settings);
        const ops::ServerSettings& server = settings.server;
        const ops::TlsSettings& tls = settings.tls;
        const RoleOptions roles_options = role_options(settings);
        // An address the operator chose must be free; the default one may be taken by another
        // instance on the host, and the server then runs without it.
        const bool admin_chosen =
            args->admin->count() > 0 || server.admin != ops::Settings{}.server.admin;
        std::optional<ops::AdminEndpoint> admin_endpoint;
        if (server.admin != "off") {
            std::string error;
            admin_endpoint = ops::parse_admin_endpoint(server.admin, error);
            if (!admin_endpoint) throw CLI::ValidationError("--admin", error);
        }
        runtime::ServerConfig config;
        if (!server.listen.empty()) {
            config.listen.clear();
            for (const std::string& text : server.listen) {
                std::string error;
                auto spec = runtime::parse_listen_spec(text, error);
                if (!spec) throw CLI::ValidationError("--listen", error);
                config.listen.push_back(*spec);
            }
        }
        config.db_path = server.db;
        config.idle_timeout = std::chrono::seconds(server.tcp_idle_timeout);
        config.message_timeout = std::chrono::seconds(server.message_timeout);
        config.max_connections_per_ip = server.max_connections_per_ip;
        config.max_message_size = server.max_message_size;
        config.workers = server.workers == 0 ? cores() : server.workers;
        config.shutdown_grace = std::chrono::seconds(server.shutdown_grace);
        config.tls.cert_file = tls.cert;
        config.tls.key_file = tls.key;
        config.tls.ca_file = tls.ca;
        config.tls.verify_client = tls.verify_client;
        const bool any_tls = std::any_of(config.listen.begin(), config.listen.end(),
                                         [](const runtime::ListenSpec& s) { return s.tls; });
        if (any_tls && (tls.cert.empty() || tls.key.empty())) {
            throw CLI::ValidationError("--listen tls:",
                                       "a TLS listener needs --tls-cert and --tls-key");
        }
        if (tls.verify_client && tls.ca.empty()) {
            throw CLI::ValidationError("--tls-verify-client",
                                       "needs --tls-ca to verify clients against");
        }
        if (!runtime::setup_logging(server.log_level)) {
            throw CLI::ValidationError("--log-level",
                                       fmt::format("unknown level {}", server.log_level));
        }
        // Open (or create) the database before listening, so a bad path fails at once with
        // a message naming the file instead of when the first registration arrives.
        std::unique_ptr<store::SqliteDatabase> db;
        try {
            db = std::make_unique<store::SqliteDatabase>(server.db);
        } catch (const std::exception& e) {
            spdlog::error("event=startup_failed reason=\"{}\"", e.what());
            exit_code = 1;
            return;
        }
        spdlog::info("event=database_open path={} schema_version={} journal={}", db->path(),
                     db->schema_version(), db->journal_mode());
        std::unique_ptr<ServeRoles> roles;
        try {
            roles = make_serve_roles(config, *db, roles_options);
        } catch (const std::exception& e) {
            spdlog::error("event=startup_failed reason=\"{}\"", e.what());
            exit_code = 1;
            return;
        }
        spdlog::info("event=registrar users={} bindings={} domains={}", roles->users->size(),
                     roles->bindings_loaded,
                     roles_options.domains.empty()
                         ? std::string("any")
                         : fmt::format("{}", fmt::join(roles_options.domains, ",")));
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
                if (admin_chosen) {
                    spdlog::error("event=startup_failed reason=\"{}\"", e.what());
                    exit_code = 1;
                    return;
                }
                // Several servers on one host (tests, a second instance) would otherwise
                // fail to start over an optional interface they did not ask for.
                spdlog::warn("event=admin_disabled reason=\"{}\"", e.what());
            }
        }
        spdlog::info(
            "event=proxy record_route={} forking={} mode={} dialplan_rules={} "
            "trusted_peers={}",
            settings.proxy.record_route, settings.proxy.forking, settings.proxy.mode,
            settings.dialplan.size(), settings.proxy.trusted_peers.size());
        exit_code = runtime::run_server(config, runtime::sip_handlers(roles->shared));
    });
}

#undef FIELD

}  // namespace dialtone::cli
