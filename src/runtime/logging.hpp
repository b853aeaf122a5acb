#pragma once
#include <string_view>

namespace dialtone::runtime {

// Sets up the default spdlog logger: one line per event on stderr,
// "ts=... level=... event=... key=value ...". Returns false for an unknown level name.
bool setup_logging(std::string_view level);

}  // namespace dialtone::runtime
