#include "ops/config_error.hpp"

#include <fmt/format.h>

namespace dialtone::ops {

std::string format_config_error(std::string_view file, const ConfigError& error) {
    if (error.line == 0) return fmt::format("{}: {}", file, error.message);
    return fmt::format("{}:{}:{}: {}", file, error.line, error.column, error.message);
}

}  // namespace dialtone::ops
