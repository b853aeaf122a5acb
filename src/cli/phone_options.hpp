#pragma once
// The flags the softphone commands (call, phone, register, message) share: the account,
// the transport and local address, and the media to send and record. Each command adds
// the groups it needs, then finish_phone_options() turns the text into PhoneSettings.

#include <CLI/CLI.hpp>
#include <string>

#include "ua/phone_runner.hpp"
#include "ua/phone_settings.hpp"

namespace dialtone::cli {

struct PhoneCommandOptions {
    ua::PhoneSettings settings;
    ua::PhoneRuntime runtime;
    std::string transport = "udp";
    std::string registrar;
    std::string outbound_proxy;
    std::string duration, hold_after, resume_after, answer_delay;
    double tone = 0;
    int t1_ms = 500;
    bool verbose = false;
    std::string config_file;  // [ua] section: the account, under the flags
    CLI::App* cmd = nullptr;  // to tell flags given from defaults
};

void add_account_options(CLI::App* cmd, PhoneCommandOptions& o, bool with_registrar);
void add_media_options(CLI::App* cmd, PhoneCommandOptions& o);
void add_runtime_options(CLI::App* cmd, PhoneCommandOptions& o);

// Reads --config, checks and converts; false with a sentence in `error`. An empty AoR
// (`settings.account.aor`) is filled from the file's account, else an error.
bool finish_phone_options(PhoneCommandOptions& o, std::string& error);

// Runs the phone; prints a start-up error naming the command. Returns the outcome.
ua::PhoneOutcome run_phone_command(const char* name, PhoneCommandOptions& o, bool& started);

}  // namespace dialtone::cli
