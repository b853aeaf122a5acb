#pragma once
// A fault in a config file, located so a person can fix it: "dialtone.toml:12:1: key
// 'registrar.min_expire' is unknown (did you mean 'registrar.min_expires'?)".

#include <cstddef>
#include <string>
#include <string_view>

namespace dialtone::ops {

struct ConfigError {
    std::size_t line = 0;  // 1-based; 0 when the fault has no place (e.g. unreadable file)
    std::size_t column = 0;
    std::string key;  // dotted, e.g. "dialplan[2].targets"; empty for syntax errors
    std::string message;
};

// "FILE:LINE:COLUMN: message", in the form compilers use so editors can jump to it.
std::string format_config_error(std::string_view file, const ConfigError& error);

}  // namespace dialtone::ops
