#pragma once
#include "dialtone/sip/message/message.hpp"

namespace dialtone::transaction {

// A CANCEL for `request` (RFC 3261 §9.1): Request-URI, Call-ID, To, From and the CSeq number
// of the request, tags included; only its top Via (so the CANCEL carries the same branch and
// reaches the same server transaction, §9.2); CSeq method CANCEL; its Route headers; its
// Max-Forwards (70 if none). Send it with send_request to the destination of the request.
message::Message make_cancel(const message::Message& request);

}  // namespace dialtone::transaction
