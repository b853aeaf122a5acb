#include "dialtone/sip/transport/dns_cache.hpp"

#include <algorithm>

namespace dialtone::transport {

std::string DnsCache::key_of(const DnsQuery& query) {
    std::string key = normalize_dns_name(query.name);
    key += '\0';
    key += static_cast<char>('0' + static_cast<int>(query.type));
    return key;
}

void DnsCache::store(const DnsAnswer& answer, Instant now) {
    std::chrono::seconds keep{0};
    switch (answer.status) {
        case DnsStatus::Ok:
            keep = std::min(std::chrono::seconds(answer.ttl_seconds), limits_.max_ttl);
            break;
        case DnsStatus::NoRecords:
            keep = limits_.negative_ttl;
            break;
        case DnsStatus::Failed:
            return;
    }
    std::string key = key_of(answer.query);
    if (keep <= std::chrono::seconds::zero() || limits_.max_entries == 0) {
        entries_.erase(key);  // a TTL-0 answer also makes an older one stale
        return;
    }
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        make_room(now);
        it = entries_.emplace(std::move(key), Entry{}).first;
    }
    it->second.answer = answer;
    it->second.answer.query.name = normalize_dns_name(answer.query.name);
    it->second.expires = now + keep;
}

std::optional<DnsAnswer> DnsCache::lookup(const DnsQuery& query, Instant now) const {
    const auto it = entries_.find(key_of(query));
    if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
    DnsAnswer out = it->second.answer;
    const auto left = it->second.expires - now;
    auto whole = std::chrono::ceil<std::chrono::seconds>(left);
    out.ttl_seconds = static_cast<std::uint32_t>(whole.count());
    return out;
}

void DnsCache::expire(Instant now) {
    std::erase_if(entries_, [now](const auto& kv) { return kv.second.expires <= now; });
}

void DnsCache::make_room(Instant now) {
    if (entries_.size() < limits_.max_entries) return;
    expire(now);
    while (entries_.size() >= limits_.max_entries) {
        const auto soonest = std::min_element(
            entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
        entries_.erase(soonest);
    }
}

}  // namespace dialtone::transport
