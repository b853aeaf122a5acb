#pragma once
// Each subcommand of the `dialtone` binary lives in its own file and adds itself to the
// application here; `exit_code` receives the status the command wants to exit with.

#include <CLI/CLI.hpp>

namespace dialtone::cli {

void add_serve_command(CLI::App& app, int& exit_code);
void add_lint_command(CLI::App& app, int& exit_code);
void add_resolve_command(CLI::App& app, int& exit_code);
void add_user_command(CLI::App& app, int& exit_code);
void add_wav_info_command(CLI::App& app, int& exit_code);
void add_options_command(CLI::App& app, int& exit_code);
void add_ctl_command(CLI::App& app, int& exit_code);
void add_config_command(CLI::App& app, int& exit_code);
void add_call_command(CLI::App& app, int& exit_code);
void add_phone_command(CLI::App& app, int& exit_code);
void add_register_command(CLI::App& app, int& exit_code);
void add_message_command(CLI::App& app, int& exit_code);

}  // namespace dialtone::cli
