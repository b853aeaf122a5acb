// `dialtone config check FILE` and `dialtone config defaults`: validate a config file before a
// server is started with it, naming each bad key and its line; print a file holding every key
// with its default.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "ops/config_file.hpp"

namespace dialtone::cli {

void add_config_command(CLI::App& app, int& exit_code) {
    CLI::App* config = app.add_subcommand("config", "Check or write a config file (TOML)");
    config->require_subcommand(1);

    auto file = std::make_shared<std::string>();
    CLI::App* check = config->add_subcommand(
        "check", "Validate FILE: every error is printed as FILE:LINE:COLUMN: message");
    check->add_option("file", *file, "The config file")->required()->type_name("FILE");
    check->callback([file, &exit_code] {
        const ops::LoadedConfig loaded = ops::load_config_file(*file);
        for (const ops::ConfigError& error : loaded.errors) {
            std::cerr << ops::format_config_error(*file, error) << '\n';
        }
        if (!loaded.ok()) {
            std::cerr << fmt::format("{}: {} error{}\n", *file, loaded.errors.size(),
                                     loaded.errors.size() == 1 ? "" : "s");
            exit_code = 1;
            return;
        }
        std::cout << fmt::format("{}: ok ({} dial-plan rule{})\n", *file,
                                 loaded.settings.dialplan.size(),
                                 loaded.settings.dialplan.size() == 1 ? "" : "s");
    });

    CLI::App* defaults = config->add_subcommand(
        "defaults", "Print a config file with every key, its default and what it means");
    defaults->callback([] { std::cout << ops::default_config_text(); });
}

}  // namespace dialtone::cli
