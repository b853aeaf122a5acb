// `dialtone phone AOR`: a softphone that registers the account (RFC 3261 §10.2, refreshed
// until stopped) and takes calls: rings, answers with --auto-answer, plays and records
// audio, prints the DTMF digits it receives (RFC 4733 events and INFO) and MESSAGEs.

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/phone_options.hpp"

namespace dialtone::cli {

void add_phone_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<PhoneCommandOptions>();
    o->settings.mode = ua::PhoneMode::Wait;
    CLI::App* cmd = app.add_subcommand(
        "phone",
        "Register a SIP account and wait for calls: print each call's progress, answer "
        "(--auto-answer), send a tone or WAV file, record the caller, print received DTMF "
        "digits (\"dtmf digit=5\") and MESSAGEs. Ctrl-C hangs up and unregisters.\n"
        "Exit status: 0 after a clean stop, 1 when registration failed.");
    cmd->add_option("aor", o->settings.account.aor,
                    "the account, e.g. sip:bob@example.test (default: [ua] account of --config)");
    add_account_options(cmd, *o, true);
    cmd->add_flag(
        "--no-register", [o](std::int64_t) { o->settings.register_account = false; },
        "do not register: take calls sent straight to --bind/--port");
    cmd->add_flag("--auto-answer", o->settings.auto_answer, "answer every call");
    cmd->add_option("--answer-delay", o->answer_delay, "ring this long before answering (e.g. 1s)");
    cmd->add_option("--calls", o->settings.max_calls,
                    "stop after this many calls have ended (0: run until stopped)")
        ->capture_default_str();
    add_media_options(cmd, *o);
    add_runtime_options(cmd, *o);
    cmd->callback([o, &exit_code] {
        std::string error;
        if (!finish_phone_options(*o, error)) {
            std::cerr << "dialtone phone: " << error << "\n";
            exit_code = 2;
            return;
        }
        bool started = false;
        const ua::PhoneOutcome outcome = run_phone_command("phone", *o, started);
        exit_code = started && !outcome.failed ? 0 : 1;
    });
}

}  // namespace dialtone::cli
