#pragma once
// Runs the softphone: a one-worker runtime (runtime::Server) listening on UDP and TCP at
// --bind/--port (port 0: any free port), the PhoneHandler on it, until the handler is done
// or SIGINT/SIGTERM stops it (which hangs up and unregisters first: PhoneHandler's drain).

#include <chrono>
#include <string>

#include "ua/phone_settings.hpp"

namespace dialtone::ua {

struct PhoneRuntime {
    std::string bind = "0.0.0.0";
    std::uint16_t port = 0;
    std::string log_level = "error";
    // After Ctrl-C, how long hanging up and unregistering may take.
    std::chrono::milliseconds grace{std::chrono::seconds(5)};
};

// Returns the outcome; sets `error` (and outcome.failed) when the runtime could not start.
PhoneOutcome run_phone(PhoneSettings settings, const PhoneRuntime& runtime, std::string& error);

}  // namespace dialtone::ua
