#pragma once
// What the runtime's resolver hands back for one DnsQuery: parsed records and a TTL, or the
// reason there are none. Errors are values (DESIGN.md §2.4): a timeout is an answer too.

#include <cstdint>
#include <string>
#include <vector>

#include "dialtone/sip/transport/dns_query.hpp"

namespace dialtone::transport {

// RFC 3403 NAPTR. RFC 3263 uses only terminal "s" records whose regexp is empty and whose
// replacement is the SRV name to look up next.
struct NaptrRecord {
    std::uint16_t order = 0;
    std::uint16_t preference = 0;
    std::string flags;
    std::string service;  // "SIP+D2U", "SIPS+D2T", ...
    std::string regexp;
    std::string replacement;

    friend bool operator==(const NaptrRecord&, const NaptrRecord&) = default;
};

// RFC 2782 SRV. A target of "." means the service is decidedly not available.
struct SrvRecord {
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
    std::uint16_t port = 0;
    std::string target;

    friend bool operator==(const SrvRecord&, const SrvRecord&) = default;
};

enum class DnsStatus : std::uint8_t {
    Ok,         // at least one record of the asked type
    NoRecords,  // NXDOMAIN or no data: a definite "none", cacheable (RFC 2308)
    Failed,     // timeout, SERVFAIL, REFUSED, bad reply: nothing learnt, never cached
};

struct DnsAnswer {
    DnsQuery query;
    DnsStatus status = DnsStatus::NoRecords;
    std::vector<NaptrRecord> naptr;      // type Naptr
    std::vector<SrvRecord> srv;          // type Srv
    std::vector<std::string> addresses;  // type A / Aaaa: IP literals without brackets
    std::uint32_t ttl_seconds = 0;       // smallest TTL of the answer records
    std::string error;                   // why, when status is Failed ("timeout", ...)
};

}  // namespace dialtone::transport
