// `dialtone register AOR`: registers a binding for the account (RFC 3261 §10.2), answering
// the registrar's digest challenge, refreshes it before it expires, and removes it
// (Expires: 0) on Ctrl-C or SIGTERM.

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/phone_options.hpp"

namespace dialtone::cli {

void add_register_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<PhoneCommandOptions>();
    o->settings.mode = ua::PhoneMode::Register;
    CLI::App* cmd = app.add_subcommand(
        "register",
        "Register a SIP account and keep the binding refreshed until Ctrl-C or SIGTERM, then "
        "unregister (Expires: 0).\nExit status: 0 when the registration succeeded and was "
        "stopped cleanly, 1 otherwise.");
    cmd->add_option("aor", o->settings.account.aor,
                    "the account, e.g. sip:alice@example.test (default: [ua] account of --config)");
    add_account_options(cmd, *o, true);
    add_runtime_options(cmd, *o);
    cmd->callback([o, &exit_code] {
        std::string error;
        if (!finish_phone_options(*o, error)) {
            std::cerr << "dialtone register: " << error << "\n";
            exit_code = 2;
            return;
        }
        bool started = false;
        const ua::PhoneOutcome outcome = run_phone_command("register", *o, started);
        exit_code = started && outcome.registered && !outcome.failed ? 0 : 1;
    });
}

}  // namespace dialtone::cli
