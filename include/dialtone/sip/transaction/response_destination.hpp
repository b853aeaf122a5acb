#pragma once
#include "dialtone/sip/message/via.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::transaction {

// Where a response to a request from `source` whose top Via is `top_via` goes (RFC 3261
// §18.2.2 with RFC 3581 §4):
//  - reliable transport: back to `source`, over the connection the request came on;
//  - `maddr` holding an IP literal: there, at the sent-by port (default 5060);
//  - `rport` present: the source address and port;
//  - otherwise the source address (the `received` address, §18.2.1) at the sent-by port,
//    5060 when sent-by has none.
transport::Endpoint response_destination(const message::Via& top_via,
                                         const transport::Endpoint& source);

}  // namespace dialtone::transaction
