#pragma once
// Reads the TOML config file (DESIGN.md §2.8) into Settings. Every key has a default, so a
// missing key is never an error; an unknown key, a value of the wrong type or out of range,
// or a dial-plan rule that cannot work is, and each error names its key and line.

#include <string>
#include <string_view>
#include <vector>

#include "ops/config_error.hpp"
#include "ops/settings.hpp"

namespace dialtone::ops {

struct LoadedConfig {
    Settings settings;
    std::vector<ConfigError> errors;  // empty when the file is good
    bool ok() const { return errors.empty(); }
};

// `text` is the file's content; `source` its name for messages.
LoadedConfig parse_config(std::string_view text, std::string_view source = "config");
// Reads and parses the file at `path`; an unreadable file is one error without a line.
LoadedConfig load_config_file(const std::string& path);

// A config file listing every key with its default value and what it means.
std::string default_config_text();

}  // namespace dialtone::ops
