#pragma once
// The DNS questions RFC 3263 asks: NAPTR, SRV, A and AAAA, by owner name.

#include <cstdint>
#include <string>
#include <string_view>

namespace dialtone::transport {

enum class DnsType : std::uint8_t { Naptr, Srv, A, Aaaa };

// "NAPTR", "SRV", "A", "AAAA": as zone files and tools write them.
constexpr std::string_view dns_type_name(DnsType type) {
    switch (type) {
        case DnsType::Naptr:
            return "NAPTR";
        case DnsType::Srv:
            return "SRV";
        case DnsType::A:
            return "A";
        case DnsType::Aaaa:
            return "AAAA";
    }
    return "A";
}

// One question. `name` is lower case with no trailing dot (see normalize_dns_name), so two
// spellings of a name are one question and one cache entry (DNS names compare
// case-insensitively, RFC 4343).
struct DnsQuery {
    std::string name;
    DnsType type = DnsType::A;

    friend bool operator==(const DnsQuery&, const DnsQuery&) = default;
};

// Lower-cases ASCII letters and drops one trailing dot: "Example.TEST." -> "example.test".
std::string normalize_dns_name(std::string_view name);

}  // namespace dialtone::transport
