#pragma once
// Request validation by a proxy (RFC 3261 §16.3 steps 1-3 and 5): syntax, URI scheme (416),
// Max-Forwards (483), Proxy-Require (420 with Unsupported). Step 4, loop detection, runs
// after Route pre-processing (loop_detection.hpp).

#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "server/proxy/proxy_config.hpp"

namespace dialtone::server::proxy {

// A response the proxy gives instead of forwarding.
struct Refusal {
    int status = 500;
    std::string reason;  // empty: the standard phrase
    // For 420: the option tags to list in Unsupported (§16.3 step 5).
    std::vector<std::string> unsupported;
};

std::optional<Refusal> check_request(const message::Message& request, const ProxyConfig& config);

}  // namespace dialtone::server::proxy
