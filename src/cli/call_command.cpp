// `dialtone call URI`: places one call (RFC 3261 §13) with the UA core, shows its progress
// (trying, ringing, answered), sends a tone or a WAV file and records what comes back,
// sends DTMF, hangs up after --duration and prints the media statistics. Ctrl-C hangs up
// cleanly: CANCEL before the answer, BYE after.

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/phone_options.hpp"

namespace dialtone::cli {

void add_call_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<PhoneCommandOptions>();
    o->settings.mode = ua::PhoneMode::Call;
    o->settings.account.aor = "sip:dialtone@dialtone.invalid";
    CLI::App* cmd = app.add_subcommand(
        "call",
        "Call a SIP URI: print Trying/Ringing/Answered as the call advances, send a tone or "
        "a WAV file (G.711 over RTP), record the peer's audio, send DTMF, hang up after "
        "--duration (or when the peer does, or on Ctrl-C) and print the media statistics.\n"
        "Exit status: 0 when the call was answered, 1 otherwise.");
    cmd->add_option("uri", o->settings.target, "whom to call, e.g. sip:bob@192.0.2.7:5060")
        ->required();
    cmd->add_option("--from", o->settings.account.aor, "our address of record (From)")
        ->capture_default_str();
    add_account_options(cmd, *o, false);
    add_media_options(cmd, *o);
    cmd->add_flag("--no-offer", o->settings.delayed_offer,
                  "send the INVITE without SDP: the peer offers in its answer, we answer in "
                  "the ACK (delayed offer)");
    add_runtime_options(cmd, *o);
    cmd->callback([o, &exit_code] {
        std::string error;
        if (!finish_phone_options(*o, error)) {
            std::cerr << "dialtone call: " << error << "\n";
            exit_code = 2;
            return;
        }
        bool started = false;
        const ua::PhoneOutcome outcome = run_phone_command("call", *o, started);
        exit_code = started && outcome.answered && !outcome.failed ? 0 : 1;
    });
}

}  // namespace dialtone::cli
