#pragma once
// Command-line flags win over the config file (DESIGN.md §2.8). CLI11 binds each flag to a
// variable when the command is declared, before anyone knows which file to read, so each flag
// is bound to a field of a scratch Settings; once the file is read, the fields of the flags
// that were actually given are copied over it.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "ops/settings.hpp"

namespace dialtone::cli {

class FlagOverrides {
  public:
    // `field` maps a Settings to the member the flag sets: [](ops::Settings& s) -> auto& {...}.
    template <class Field>
    CLI::Option* option(CLI::App* app, const std::string& name, Field field,
                        const std::string& help) {
        CLI::Option* added = app->add_option(name, field(scratch_), help);
        copies_.push_back(
            {added, [field](ops::Settings& to, ops::Settings& from) { field(to) = field(from); }});
        return added;
    }

    template <class Field>
    CLI::Option* flag(CLI::App* app, const std::string& name, Field field,
                      const std::string& help) {
        CLI::Option* added = app->add_flag(name, field(scratch_), help);
        copies_.push_back(
            {added, [field](ops::Settings& to, ops::Settings& from) { field(to) = field(from); }});
        return added;
    }

    // Copies every flag given on the command line over `settings`.
    void apply(ops::Settings& settings) {
        for (Copy& copy : copies_) {
            if (copy.option->count() > 0) copy.assign(settings, scratch_);
        }
    }

  private:
    struct Copy {
        CLI::Option* option;
        std::function<void(ops::Settings&, ops::Settings&)> assign;
    };
    ops::Settings scratch_;
    std::vector<Copy> copies_;
};

}  // namespace dialtone::cli
