#include "runtime/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <string>

namespace dialtone::runtime {

bool setup_logging(std::string_view level) {
    const std::string name(level);
    const spdlog::level::level_enum parsed = spdlog::level::from_str(name);
    // from_str answers "off" for names it does not know.
    if (parsed == spdlog::level::off && name != "off") return false;
    spdlog::drop("dialtone");  // set up again (tests): replace, do not throw
    auto logger = spdlog::stderr_logger_mt("dialtone");
    logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
    logger->set_level(parsed);
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    return true;
}

}  // namespace dialtone::runtime
