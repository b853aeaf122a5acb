#pragma once
// Answers kept for their TTL, keyed by (name, type). Sans-I/O: the caller passes the time
// in; nothing here reads a clock.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "dialtone/sip/transport/dns_answer.hpp"

namespace dialtone::transport {

// A point on a monotonic clock, supplied by the caller (the runtime reads steady_clock;
// tests advance a fake one).
using Instant = std::chrono::steady_clock::time_point;

struct DnsCacheLimits {
    std::size_t max_entries = 4096;
    // Positive answers are kept min(TTL, max_ttl); a TTL of 0 means "do not cache"
    // (RFC 1035 §3.2.1).
    std::chrono::seconds max_ttl{86400};
    // NXDOMAIN / no-data answers (RFC 2308). The resolver does not read the SOA minimum,
    // so one configured value stands in for it; 0 disables negative caching.
    std::chrono::seconds negative_ttl{30};
};

class DnsCache {
  public:
    explicit DnsCache(DnsCacheLimits limits = {}) : limits_(limits) {}

    // Keeps `answer` until now + its TTL. Failed answers are never kept; a new answer for
    // the same question replaces the old one. When full, expired entries go first, then
    // the one closest to expiring.
    void store(const DnsAnswer& answer, Instant now);
    // The answer if it is still fresh at `now`, its ttl_seconds lowered to what is left
    // (rounded up, so a fresh answer never reports 0).
    std::optional<DnsAnswer> lookup(const DnsQuery& query, Instant now) const;
    // Drops every entry that has expired at `now`.
    void expire(Instant now);
    std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        DnsAnswer answer;
        Instant expires;
    };
    static std::string key_of(const DnsQuery& query);
    void make_room(Instant now);

    DnsCacheLimits limits_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace dialtone::transport
