#pragma once
// Where a request goes next, before DNS (RFC 3261 §8.1.2, §16.6 step 7, RFC 3263 §4): the
// URI of the top Route when it names a loose router (;lr), else the Request-URI. A TU that
// follows a strict router has already put that router's URI into the Request-URI
// (§12.2.1.1), so the Request-URI is the next hop then too.

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/transport/locate_request.hpp"

namespace dialtone::transport {

// The LocateRequest for `request`'s next hop. Errors carry the status a TU would answer
// with: 416 for a scheme that is not sip/sips, 400 for an unreadable Route or Request-URI.
message::Result<LocateRequest> next_hop(const message::Message& request);

}  // namespace dialtone::transport
