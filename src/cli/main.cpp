#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"dialtone: a SIP server, proxy and user agent (RFC 3261)", "dialtone"};
    app.require_subcommand(1);
    int exit_code = 0;
    dialtone::cli::add_serve_command(app, exit_code);
    dialtone::cli::add_lint_command(app, exit_code);
    dialtone::cli::add_resolve_command(app, exit_code);
    dialtone::cli::add_user_command(app, exit_code);
    dialtone::cli::add_wav_info_command(app, exit_code);
    dialtone::cli::add_options_command(app, exit_code);
    dialtone::cli::add_ctl_command(app, exit_code);
    dialtone::cli::add_config_command(app, exit_code);
    dialtone::cli::add_call_command(app, exit_code);
    dialtone::cli::add_phone_command(app, exit_code);
    dialtone::cli::add_register_command(app, exit_code);
    dialtone::cli::add_message_command(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const std::exception& e) {
        std::cerr << "dialtone: " << e.what() << "\n";
        return 1;
    }
    return exit_code;
}
