#pragma once
// Small helpers shared by the transaction layer's tests.

#include <cstdint>
#include <string>
#include <vector>

#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "unit/support/layer_driver.hpp"

namespace dialtone::transaction::testing_util {

inline const transport::Endpoint kUdpClient{transport::Transport::Udp, "192.0.2.1", 5060};
inline const transport::Endpoint kUdpServer{transport::Transport::Udp, "192.0.2.2", 5060};
inline const transport::Endpoint kTcpClient{transport::Transport::Tcp, "192.0.2.1", 40123};
inline const transport::Endpoint kTcpServer{transport::Transport::Tcp, "192.0.2.2", 5060};

inline std::int64_t ms(Instant t) {
    return t.time_since_epoch().count();
}

// When each message whose what() is `what` ("INVITE", "ACK", "486") was sent, in ms.
inline std::vector<std::int64_t> send_times(const test::LayerDriver& d, const std::string& what) {
    std::vector<std::int64_t> out;
    for (const test::SentMessage& s : d.sent())
        if (s.what() == what) out.push_back(ms(s.at));
    return out;
}

inline std::vector<std::string> sent_whats(const test::LayerDriver& d) {
    std::vector<std::string> out;
    for (const test::SentMessage& s : d.sent())
        out.push_back(s.what());
    return out;
}

}  // namespace dialtone::transaction::testing_util
