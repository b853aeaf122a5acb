#pragma once
// c-ares 1.18 parses SRV and NAPTR replies without their TTLs (ares_srv_reply and
// ares_naptr_reply have no ttl field), so the cache reads them from the reply itself.

#include <cstddef>
#include <cstdint>
#include <optional>

namespace dialtone::runtime {

// The smallest TTL among the answer-section records of type `rr_type` and of type CNAME
// (an alias is only as fresh as its link), from a DNS reply in wire format (RFC 1035
// §4.1). A TTL with the top bit set counts as 0 (RFC 2181 §8). Nullopt when the reply is
// truncated or malformed, or has no such record.
std::optional<std::uint32_t> smallest_answer_ttl(const unsigned char* reply, std::size_t size,
                                                 std::uint16_t rr_type);

}  // namespace dialtone::runtime
