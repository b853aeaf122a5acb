#pragma once
// What `GET /registrations` reports: every current binding of the location service, as JSON
// (the admin API) and as a table (`dialtone ctl registrations`). Pure functions of the
// bindings and the time, so they are tested without a server.
//
// JSON shape:
//   {"now": 1763736000, "aors": 1, "bindings": 1, "registrations": [
//     {"aor": "alice@example.test", "contact": "sip:alice@192.0.2.1:5060", "expires": 3541,
//      "expires_at": 1763739541, "q": 0.5, "path": ["<sip:edge.example.test;lr>"],
//      "instance": "<urn:uuid:...>", "reg_id": 1, "call_id": "...", "cseq": 2,
//      "received_from": "udp:192.0.2.1:5060", "user_agent": "baresip"}]}
// Absent optional values (no q given is q=1; no Path, instance, reg-id, source or
// User-Agent) are null, so the keys are the same on every entry.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/binding.hpp"
#include "store/location_index.hpp"

namespace dialtone::ops {

struct RegistrationRow {
    std::string aor;
    store::Binding binding;
};

// The bindings still alive at `now`, ordered by AoR, then q (highest first), then contact.
// Reads the index one shard at a time under its read lock: safe while workers register.
std::vector<RegistrationRow> collect_registrations(const store::LocationIndex& index,
                                                   std::int64_t now);

// The same for one AoR's bindings (from LocationIndex::lookup).
std::vector<RegistrationRow> registrations_of(const std::string& aor,
                                              const std::vector<store::Binding>& bindings,
                                              std::int64_t now);

nlohmann::json registrations_json(const std::vector<RegistrationRow>& rows, std::int64_t now);

// A fixed-width text table of a registrations_json() document, one line per binding, for
// people; throws nlohmann::json::exception when the document does not have that shape.
std::string registrations_table(const nlohmann::json& document);

}  // namespace dialtone::ops
