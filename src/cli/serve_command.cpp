// `dialtone serve`: flags in the spirit of Kamailio's command line (-l takes the same
// [proto:]addr[:port] form as its `listen=`), every one with a default so the bare
// command runs a useful server (DESIGN.md §2.8).

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
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
    std::size_t max_message_size = 65535;
};

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ServeOptions>();
    CLI::App* serve = app.add_subcommand(
        "serve", "Run the SIP server (answers OPTIONS; other methods get 501 for now)");
    serve
        ->add_option("-l,--listen", options->listen,
                     "Address to listen on, [udp:|tcp:]ADDR[:PORT]; repeatable. Without a "
                     "protocol both UDP and TCP. IPv6 in brackets: [::1]:5060. Port 0 picks a "
                     "free one. Default: 0.0.0.0:5060")
        ->type_name("ADDR");
    serve->add_option("--db", options->db, "SQLite database file, created if missing (WAL journal)")
        ->capture_default_str();
    serve->add_option("--log-level", options->log_level, "Log level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->capture_default_str();
    serve
        ->add_option("--tcp-idle-timeout", options->idle_timeout_s,
                     "Close a TCP connection silent for this many seconds")
        ->check(CLI::Range(1u, 86400u))
        ->capture_default_str();
    serve
        ->add_option("--max-message-size", options->max_message_size,
                     "Largest SIP message accepted, in octets; larger ones get 513")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1048576}))
        ->capture_default_str();

    serve->callback([options, &exit_code] {
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
        config.max_message_size = options->max_message_size;
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
        exit_code = runtime::run_server(config);
    });
}

}  // namespace dialtone::cli
