#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/outcome.hpp"
#include "server/transport.hpp"

namespace dialtone::runtime {

// One debug line per message handled (DESIGN.md §5: per-message logs stay at debug), and
// the full messages at trace. Does nothing, not even formatting, above those levels.
void log_outcome(server::Transport transport, std::string_view ip, std::uint16_t port,
                 std::string_view received, const server::Outcome& outcome);

}  // namespace dialtone::runtime
