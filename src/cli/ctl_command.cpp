// `dialtone ctl`: asks a running `dialtone serve` through its loopback admin interface
// (`serve --admin`, default 127.0.0.1:8060). `ctl registrations` lists the current bindings
// as a table, or as the admin API's JSON with --json.

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "ops/admin_client.hpp"
#include "ops/admin_endpoint.hpp"
#include "ops/registration_report.hpp"

namespace dialtone::cli {

namespace {

// Exit statuses, also listed in `dialtone ctl --help`.
constexpr int kExitOk = 0;
constexpr int kExitUnreachable = 1;  // no server answered at --admin
constexpr int kExitBadInput = 2;     // bad --admin, or the server refused the request
constexpr int kExitBadReply = 3;     // the server answered something unreadable

struct CtlOptions {
    std::string admin{ops::kDefaultAdminEndpoint};
    bool json = false;
    std::string aor;
};

std::string percent_encode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

int registrations(const CtlOptions& options) {
    std::string error;
    const auto endpoint = ops::parse_admin_endpoint(options.admin, error, false);
    if (!endpoint) {
        std::cerr << "dialtone ctl: --admin: " << error << "\n";
        return kExitBadInput;
    }
    std::string target = "/registrations";
    if (!options.aor.empty()) target += "?aor=" + percent_encode(options.aor);
    const ops::AdminFetch reply = ops::admin_get(*endpoint, target);
    if (!reply.ok) {
        std::cerr << "dialtone ctl: " << reply.error
                  << " (is `dialtone serve` running with --admin " << endpoint->to_string()
                  << "?)\n";
        return kExitUnreachable;
    }
    if (reply.status != 200) {
        std::cerr << "dialtone ctl: the server answered " << reply.status << ": " << reply.body;
        return kExitBadInput;
    }
    try {
        const nlohmann::json document = nlohmann::json::parse(reply.body);
        if (options.json) {
            std::cout << document.dump(2) << "\n";
        } else {
            std::cout << ops::registrations_table(document);
        }
    } catch (const nlohmann::json::exception& e) {
        std::cerr << "dialtone ctl: unreadable answer from " << endpoint->to_string() << ": "
                  << e.what() << "\n";
        return kExitBadReply;
    }
    return kExitOk;
}

}  // namespace

void add_ctl_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<CtlOptions>();
    CLI::App* ctl = app.add_subcommand(
        "ctl", "Query a running server through its admin interface (`serve --admin`)");
    ctl->require_subcommand(1);
    ctl->footer(
        "Exit status: 0 done, 1 no server answered, 2 bad --admin or request refused, "
        "3 unreadable answer.");
    ctl->add_option("--admin", options->admin, "The server's admin interface, HOST:PORT")
        ->type_name("ADDR")
        ->capture_default_str();

    CLI::App* regs = ctl->add_subcommand(
        "registrations", "List current registrations: AoR, contact, seconds left, q, source");
    regs->add_option("--admin", options->admin, "The server's admin interface, HOST:PORT")
        ->type_name("ADDR")
        ->capture_default_str();
    regs->add_flag("--json", options->json, "Print the admin API's JSON instead of a table");
    regs->add_option("--aor", options->aor,
                     "Only this address-of-record (sip:user@domain or user@domain)")
        ->type_name("AOR");
    regs->callback([options, &exit_code] { exit_code = registrations(*options); });
}

}  // namespace dialtone::cli
