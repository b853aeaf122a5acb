#include "dialtone/sip/transport/srv_order.hpp"

#include <algorithm>

namespace dialtone::transport {

namespace {

// A DNS reply holds at most a few thousand SRV records; the cap keeps the weight sum well
// inside the 32-bit range RandomSource works in, whatever a caller passes.
constexpr std::size_t kMaxRecords = 4096;

bool unavailable(const SrvRecord& r) {
    return r.target.empty() || r.target == ".";
}

// RFC 2782: weight-0 records at the start of the running sum, then pick the first record
// whose running sum reaches a uniform random number in [0, sum].
void order_one_priority(std::vector<SrvRecord>& group, const RandomSource& random,
                        std::vector<SrvRecord>& out) {
    std::stable_partition(group.begin(), group.end(),
                          [](const SrvRecord& r) { return r.weight == 0; });
    while (!group.empty()) {
        std::uint32_t sum = 0;
        for (const SrvRecord& r : group)
            sum += r.weight;
        const std::uint32_t pick = std::min(random(sum), sum);
        std::uint32_t running = 0;
        std::size_t chosen = group.size() - 1;
        for (std::size_t i = 0; i < group.size(); ++i) {
            running += group[i].weight;
            if (running >= pick) {
                chosen = i;
                break;
            }
        }
        out.push_back(std::move(group[chosen]));
        group.erase(group.begin() + static_cast<std::ptrdiff_t>(chosen));
    }
}

}  // namespace

std::vector<SrvRecord> order_srv_records(std::vector<SrvRecord> records,
                                         const RandomSource& random) {
    std::erase_if(records, unavailable);
    if (records.size() > kMaxRecords) records.resize(kMaxRecords);
    std::stable_sort(records.begin(), records.end(), [](const SrvRecord& a, const SrvRecord& b) {
        return a.priority < b.priority;
    });
    std::vector<SrvRecord> out;
    out.reserve(records.size());
    std::size_t begin = 0;
    while (begin < records.size()) {
        std::size_t end = begin;
        while (end < records.size() && records[end].priority == records[begin].priority)
            ++end;
        std::vector<SrvRecord> group(std::make_move_iterator(records.begin() + begin),
                                     std::make_move_iterator(records.begin() + end));
        order_one_priority(group, random, out);
        begin = end;
    }
    return out;
}

}  // namespace dialtone::transport
