#include "runtime/outcome_log.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "runtime/log_value.hpp"

namespace dialtone::runtime {

void log_outcome(server::Transport transport, std::string_view ip, std::uint16_t port,
                 std::string_view received, const server::Outcome& outcome) {
    if (!spdlog::should_log(spdlog::level::debug)) return;
    const std::string_view t = server::transport_name(transport);
    std::string line = fmt::format(
        "event=message transport={} peer={} port={} size={} method={} "
        "outcome={} status={}",
        t, ip, port, received.size(), outcome.method.empty() ? "-" : log_value(outcome.method),
        server::disposition_name(outcome.disposition), outcome.status);
    if (!outcome.error.empty()) {
        line += " error=";
        line += log_value(outcome.error);
    }
    spdlog::debug("{}", line);
    if (spdlog::should_log(spdlog::level::trace)) {
        spdlog::trace("event=received transport={} peer={} port={} message={}", t, ip, port,
                      log_value(received));
        if (outcome.answered()) {
            spdlog::trace("event=sent transport={} peer={} port={} message={}", t, ip, port,
                          log_value(outcome.bytes));
        }
    }
}

}  // namespace dialtone::runtime
