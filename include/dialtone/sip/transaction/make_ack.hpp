#pragma once
#include "dialtone/sip/message/message.hpp"

namespace dialtone::transaction {

// The ACK an INVITE client transaction sends for a 300-699 response (RFC 3261 §17.1.1.3):
// Request-URI, Call-ID and From of the INVITE; To of the response (with its tag); only the
// INVITE's top Via; CSeq with the INVITE's number and method ACK; the INVITE's Route
// headers; the INVITE's Max-Forwards (70 if it had none, §8.1.1.6); no body.
message::Message make_non2xx_ack(const message::Message& invite, const message::Message& response);

}  // namespace dialtone::transaction
