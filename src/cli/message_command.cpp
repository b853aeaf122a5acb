// `dialtone message URI TEXT`: sends one MESSAGE (RFC 3428) and prints its final status.

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/phone_options.hpp"

namespace dialtone::cli {

void add_message_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<PhoneCommandOptions>();
    o->settings.mode = ua::PhoneMode::Message;
    o->settings.account.aor = "sip:dialtone@dialtone.invalid";
    CLI::App* cmd = app.add_subcommand(
        "message",
        "Send an instant message (SIP MESSAGE, RFC 3428) and print the final status.\n"
        "Exit status: 0 on a 2xx answer, 1 otherwise.");
    cmd->add_option("uri", o->settings.target, "the recipient, e.g. sip:bob@192.0.2.7")->required();
    cmd->add_option("text", o->settings.message_text, "the message")->required();
    cmd->add_option("--from", o->settings.account.aor, "our address of record (From)")
        ->capture_default_str();
    cmd->add_option("--content-type", o->settings.message_type, "Content-Type of the text")
        ->capture_default_str();
    add_account_options(cmd, *o, false);
    add_runtime_options(cmd, *o);
    cmd->callback([o, &exit_code] {
        std::string error;
        if (!finish_phone_options(*o, error)) {
            std::cerr << "dialtone message: " << error << "\n";
            exit_code = 2;
            return;
        }
        bool started = false;
        const ua::PhoneOutcome outcome = run_phone_command("message", *o, started);
        const int s = outcome.final_status;
        exit_code = started && !outcome.failed && s >= 200 && s < 300 ? 0 : 1;
    });
}

}  // namespace dialtone::cli
