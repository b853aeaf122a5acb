#pragma once
// Turns what c-ares hands a query callback (a status and the raw reply) into the
// sans-I/O DnsAnswer the RFC 3263 locator reads. Errors become a Failed answer with a
// reason, never an exception (DESIGN.md §2.4).

#include <cstddef>
#include <cstdint>

#include "dialtone/sip/transport/dns_answer.hpp"

namespace dialtone::runtime {

// The RR type code of a question (RFC 1035 §3.2.2, RFC 2782, RFC 3403, RFC 3596).
std::uint16_t dns_type_code(transport::DnsType type);

// `ares_status` is the status c-ares passed to the callback; `reply` may be null.
transport::DnsAnswer answer_from_reply(const transport::DnsQuery& query, int ares_status,
                                       const unsigned char* reply, std::size_t size);

}  // namespace dialtone::runtime
