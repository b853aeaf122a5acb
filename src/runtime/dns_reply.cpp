#include "runtime/dns_reply.hpp"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "runtime/dns_wire_ttl.hpp"

namespace dialtone::runtime {

namespace {

using transport::DnsAnswer;
using transport::DnsStatus;
using transport::DnsType;

// More addresses than this for one name are not tried anyway.
constexpr int kMaxAddresses = 32;

std::string ares_error_text(int status) {
    switch (status) {
        case ARES_ETIMEOUT:
            return "timeout";
        case ARES_ESERVFAIL:
            return "server failure (SERVFAIL)";
        case ARES_EREFUSED:
            return "query refused (REFUSED)";
        case ARES_ECONNREFUSED:
            // c-ares reports a REFUSED rcode from the last server this way too.
            return "refused by the DNS server (REFUSED, or nothing listening there)";
        case ARES_EFORMERR:
        case ARES_EBADRESP:
            return "malformed DNS reply";
        case ARES_EBADNAME:
            return "name cannot be queried";
        default:
            return ares_strerror(status);
    }
}

DnsAnswer failed(DnsAnswer a, std::string why) {
    a.status = DnsStatus::Failed;
    a.error = std::move(why);
    a.naptr.clear();
    a.srv.clear();
    a.addresses.clear();
    return a;
}

std::uint32_t ttl_of(int ttl) {
    return ttl < 0 ? 0u : static_cast<std::uint32_t>(ttl);
}

std::string text_of(const unsigned char* s) {
    return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s));
}

int parse_naptr(const unsigned char* reply, int size, DnsAnswer& a) {
    ares_naptr_reply* head = nullptr;
    const int rc = ares_parse_naptr_reply(reply, size, &head);
    if (rc != ARES_SUCCESS) return rc;
    for (const ares_naptr_reply* r = head; r != nullptr; r = r->next) {
        a.naptr.push_back(transport::NaptrRecord{r->order, r->preference, text_of(r->flags),
                                                 text_of(r->service), text_of(r->regexp),
                                                 r->replacement ? r->replacement : ""});
    }
    ares_free_data(head);
    // c-ares 1.18 succeeds with an empty list when the answers are of another type.
    return a.naptr.empty() ? ARES_ENODATA : ARES_SUCCESS;
}

int parse_srv(const unsigned char* reply, int size, DnsAnswer& a) {
    ares_srv_reply* head = nullptr;
    const int rc = ares_parse_srv_reply(reply, size, &head);
    if (rc != ARES_SUCCESS) return rc;
    for (const ares_srv_reply* r = head; r != nullptr; r = r->next) {
        a.srv.push_back(
            transport::SrvRecord{r->priority, r->weight, r->port, r->host ? r->host : ""});
    }
    ares_free_data(head);
    return a.srv.empty() ? ARES_ENODATA : ARES_SUCCESS;
}

int parse_a(const unsigned char* reply, int size, DnsAnswer& a) {
    std::array<ares_addrttl, kMaxAddresses> ttls{};
    int count = kMaxAddresses;
    const int rc = ares_parse_a_reply(reply, size, nullptr, ttls.data(), &count);
    if (rc != ARES_SUCCESS) return rc;
    std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
    for (int i = 0; i < count; ++i) {
        char text[INET_ADDRSTRLEN] = {};
        if (inet_ntop(AF_INET, &ttls[i].ipaddr, text, sizeof text) == nullptr) continue;
        a.addresses.emplace_back(text);
        ttl = std::min(ttl, ttl_of(ttls[i].ttl));
    }
    a.ttl_seconds = a.addresses.empty() ? 0 : ttl;
    return a.addresses.empty() ? ARES_ENODATA : ARES_SUCCESS;
}

int parse_aaaa(const unsigned char* reply, int size, DnsAnswer& a) {
    std::array<ares_addr6ttl, kMaxAddresses> ttls{};
    int count = kMaxAddresses;
    const int rc = ares_parse_aaaa_reply(reply, size, nullptr, ttls.data(), &count);
    if (rc != ARES_SUCCESS) return rc;
    std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
    for (int i = 0; i < count; ++i) {
        in6_addr address{};
        static_assert(sizeof address == sizeof ttls[i].ip6addr);
        std::memcpy(&address, &ttls[i].ip6addr, sizeof address);
        char text[INET6_ADDRSTRLEN] = {};
        if (inet_ntop(AF_INET6, &address, text, sizeof text) == nullptr) continue;
        a.addresses.emplace_back(text);
        ttl = std::min(ttl, ttl_of(ttls[i].ttl));
    }
    a.ttl_seconds = a.addresses.empty() ? 0 : ttl;
    return a.addresses.empty() ? ARES_ENODATA : ARES_SUCCESS;
}

}  // namespace

std::uint16_t dns_type_code(DnsType type) {
    switch (type) {
        case DnsType::Naptr:
            return 35;
        case DnsType::Srv:
            return 33;
        case DnsType::A:
            return 1;
        case DnsType::Aaaa:
            return 28;
    }
    return 1;
}

DnsAnswer answer_from_reply(const transport::DnsQuery& query, int ares_status,
                            const unsigned char* reply, std::size_t size) {
    DnsAnswer a;
    a.query = query;
    if (ares_status == ARES_ENOTFOUND || ares_status == ARES_ENODATA) {
        a.status = DnsStatus::NoRecords;
        return a;
    }
    if (ares_status != ARES_SUCCESS) return failed(std::move(a), ares_error_text(ares_status));
    if (reply == nullptr || size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return failed(std::move(a), "malformed DNS reply");
    }
    const int length = static_cast<int>(size);
    int rc = ARES_SUCCESS;
    switch (query.type) {
        case DnsType::Naptr:
            rc = parse_naptr(reply, length, a);
            break;
        case DnsType::Srv:
            rc = parse_srv(reply, length, a);
            break;
        case DnsType::A:
            rc = parse_a(reply, length, a);
            break;
        case DnsType::Aaaa:
            rc = parse_aaaa(reply, length, a);
            break;
    }
    if (rc == ARES_ENODATA || rc == ARES_ENOTFOUND) {
        a.status = DnsStatus::NoRecords;
        a.naptr.clear();
        a.srv.clear();
        a.addresses.clear();
        return a;
    }
    if (rc != ARES_SUCCESS) return failed(std::move(a), ares_error_text(rc));
    if (query.type == DnsType::Naptr || query.type == DnsType::Srv) {
        // An unreadable TTL means "do not cache" rather than a guess.
        a.ttl_seconds = smallest_answer_ttl(reply, size, dns_type_code(query.type)).value_or(0);
    }
    a.status = DnsStatus::Ok;
    return a;
}

}  // namespace dialtone::runtime
