#pragma once
// One registered contact of an address-of-record (RFC 3261 §10.3): what the location
// service keeps, in memory and in the database.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dialtone::store {

struct Binding {
    // The Contact URI as the UA sent it, without angle brackets or header parameters.
    std::string contact;
    // Call-ID and CSeq of the REGISTER that last wrote the binding: §10.3 step 7 orders
    // refreshes from one UA by them.
    std::string call_id;
    std::uint32_t cseq = 0;
    // Absolute expiry, seconds since the Unix epoch: survives restarts unchanged.
    std::int64_t expires_at = 0;
    // q-value times 1000 (0..1000), so ordering needs no floating point.
    std::uint16_t q = 1000;
    // Path header values, comma-separated, in the order received (RFC 3327 §5.3).
    std::string path;
    // +sip.instance and reg-id (RFC 5626), kept for outbound; reg_id 0 means absent.
    std::string instance;
    std::uint32_t reg_id = 0;
    // Where the REGISTER came from, "transport:ip:port": the flow to reach a UA behind NAT.
    std::string source;
    std::string user_agent;

    friend bool operator==(const Binding&, const Binding&) = default;
};

// An AoR's bindings as of one change, shared by whoever needs them after it (the journal
// writing them, the registrar listing them in its 200) instead of copied for each.
using BindingSet = std::shared_ptr<const std::vector<Binding>>;

}  // namespace dialtone::store
