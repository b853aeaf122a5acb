#pragma once
// A DNS zone held in memory for ServerLocator tests: answers each question the locator
// asks from a table (missing entries answer "no records") and records what was asked.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dialtone/sip/transport/server_locator.hpp"

namespace dialtone::transport::testing {

class FakeZone {
  public:
    FakeZone& naptr(const std::string& name, std::uint16_t order, std::uint16_t pref,
                    std::string service, std::string replacement, std::string flags = "S") {
        DnsAnswer& a = entry(name, DnsType::Naptr);
        a.naptr.push_back(NaptrRecord{order, pref, std::move(flags), std::move(service), "",
                                      std::move(replacement)});
        return *this;
    }
    FakeZone& srv(const std::string& name, std::uint16_t priority, std::uint16_t weight,
                  std::uint16_t port, std::string target) {
        entry(name, DnsType::Srv)
            .srv.push_back(SrvRecord{priority, weight, port, std::move(target)});
        return *this;
    }
    FakeZone& a(const std::string& name, std::string ip) {
        entry(name, DnsType::A).addresses.push_back(std::move(ip));
        return *this;
    }
    FakeZone& aaaa(const std::string& name, std::string ip) {
        entry(name, DnsType::Aaaa).addresses.push_back(std::move(ip));
        return *this;
    }
    // The question fails (a timeout) instead of answering.
    FakeZone& fail(const std::string& name, DnsType type, std::string why = "timeout") {
        DnsAnswer& a = entry(name, type);
        a.status = DnsStatus::Failed;
        a.error = std::move(why);
        return *this;
    }

    DnsAnswer answer(const DnsQuery& q) const {
        const auto it = table_.find({q.name, q.type});
        if (it != table_.end()) return it->second;
        DnsAnswer none;
        none.query = q;
        none.status = DnsStatus::NoRecords;
        return none;
    }

    // Runs the locator to completion, answering in the order asked. Returns the questions
    // in the order they were taken; stops after `limit` rounds so a bug cannot loop.
    std::vector<DnsQuery> drive(ServerLocator& locator, int limit = 16) const {
        std::vector<DnsQuery> asked;
        for (int round = 0; round < limit && !locator.done(); ++round) {
            const std::vector<DnsQuery> queries = locator.take_queries();
            if (queries.empty()) break;
            for (const DnsQuery& q : queries) {
                asked.push_back(q);
                locator.on_answer(answer(q));
            }
        }
        return asked;
    }

  private:
    DnsAnswer& entry(const std::string& name, DnsType type) {
        DnsAnswer& a = table_[{name, type}];
        a.query = DnsQuery{name, type};
        a.status = DnsStatus::Ok;
        a.ttl_seconds = 300;
        return a;
    }

    std::map<std::pair<std::string, DnsType>, DnsAnswer> table_;
};

// Always picks the first record of a priority level (random value 0): SRV order becomes
// "weight-0 records first, then input order", so tests can state the exact result.
inline RandomSource first_pick() {
    return [](std::uint32_t) { return 0u; };
}

inline DnsQuery q(std::string name, DnsType type) {
    return DnsQuery{std::move(name), type};
}

}  // namespace dialtone::transport::testing
