#pragma once
// Durations as people type them on the command line: "10s", "1.5s", "500ms", "2m", "1h", or
// a bare number of seconds ("10"). The softphone's --duration, --hold-after and friends.

#include <chrono>
#include <optional>
#include <string_view>

namespace dialtone::ua {

// nullopt for anything else (a negative value, an unknown unit, trailing text, more than a
// day).
std::optional<std::chrono::milliseconds> parse_duration_text(std::string_view text);

}  // namespace dialtone::ua
