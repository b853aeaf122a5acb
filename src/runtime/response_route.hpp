#pragma once
// Where a response goes when it is not sent back over the connection its request came on
// (RFC 3261 §18.2.2 with RFC 3581 §4), read from the topmost Via of the response:
//  - unreliable transport with maddr: to maddr, at the sent-by port (default 5060);
//  - unreliable with received: to received, at rport when it has a value, else at the
//    sent-by port;
//  - reliable (the connection is gone): to received, else sent-by, at the sent-by port;
//  - otherwise to sent-by.
// The default port is the transport's: 5061 for TLS, 5060 otherwise (§19.1.2).

#include <optional>
#include <string>
#include <string_view>

#include "dialtone/sip/message/via.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::runtime {

// nullopt with `error` naming why when the Via names no numeric destination: a host name
// that RFC 3263 §5 must resolve first, or an unreadable value.
std::optional<transport::Endpoint> response_destination(const message::Via& top_via,
                                                        transport::Transport transport,
                                                        std::string& error);

// The same from a serialized response, read from its first Via header line.
std::optional<transport::Endpoint> response_destination(std::string_view response,
                                                        transport::Transport transport,
                                                        std::string& error);

}  // namespace dialtone::runtime
