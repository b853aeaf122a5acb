#pragma once
// Builds DNS messages in wire format (RFC 1035 §4.1) for the c-ares glue tests, and reads
// the question out of a query, so a test can play DNS server without a zone file.

#include <arpa/inet.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dialtone::runtime::testing {

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeCname = 5;
constexpr std::uint16_t kTypeAaaa = 28;
constexpr std::uint16_t kTypeSrv = 33;
constexpr std::uint16_t kTypeNaptr = 35;

using Bytes = std::vector<unsigned char>;

inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<unsigned char>(v >> 8));
    b.push_back(static_cast<unsigned char>(v & 0xFF));
}

inline void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v & 0xFFFF));
}

// "a.example.test" as length-prefixed labels ending in the root label.
inline void put_name(Bytes& b, const std::string& name) {
    std::size_t start = 0;
    while (start < name.size()) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        b.push_back(static_cast<unsigned char>(dot - start));
        b.insert(b.end(), name.begin() + static_cast<std::ptrdiff_t>(start),
                 name.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    b.push_back(0);
}

inline void put_string(Bytes& b, const std::string& s) {
    b.push_back(static_cast<unsigned char>(s.size()));
    b.insert(b.end(), s.begin(), s.end());
}

inline Bytes srv_rdata(std::uint16_t priority, std::uint16_t weight, std::uint16_t port,
                       const std::string& target) {
    Bytes b;
    put16(b, priority);
    put16(b, weight);
    put16(b, port);
    put_name(b, target);
    return b;
}

inline Bytes naptr_rdata(std::uint16_t order, std::uint16_t preference, const std::string& flags,
                         const std::string& service, const std::string& replacement) {
    Bytes b;
    put16(b, order);
    put16(b, preference);
    put_string(b, flags);
    put_string(b, service);
    put_string(b, "");  // regexp
    put_name(b, replacement);
    return b;
}

inline Bytes a_rdata(const std::string& ip) {
    Bytes b(4);
    inet_pton(AF_INET, ip.c_str(), b.data());
    return b;
}

inline Bytes aaaa_rdata(const std::string& ip) {
    Bytes b(16);
    inet_pton(AF_INET6, ip.c_str(), b.data());
    return b;
}

inline Bytes name_rdata(const std::string& name) {
    Bytes b;
    put_name(b, name);
    return b;
}

struct Record {
    std::string name;
    std::uint16_t type;
    std::uint32_t ttl;
    Bytes rdata;
};

// A response to (qname, qtype): rcode 0 NOERROR, 3 NXDOMAIN; `truncated` sets TC.
inline Bytes response(std::uint16_t id, const std::string& qname, std::uint16_t qtype,
                      const std::vector<Record>& answers, std::uint8_t rcode = 0,
                      bool truncated = false) {
    Bytes b;
    put16(b, id);
    std::uint16_t flags = 0x8180 | rcode;  // QR, RD, RA
    if (truncated) flags |= 0x0200;
    put16(b, flags);
    put16(b, 1);
    put16(b, static_cast<std::uint16_t>(answers.size()));
    put16(b, 0);
    put16(b, 0);
    put_name(b, qname);
    put16(b, qtype);
    put16(b, 1);  // IN
    for (const Record& r : answers) {
        put_name(b, r.name);
        put16(b, r.type);
        put16(b, 1);
        put32(b, r.ttl);
        put16(b, static_cast<std::uint16_t>(r.rdata.size()));
        b.insert(b.end(), r.rdata.begin(), r.rdata.end());
    }
    return b;
}

struct Question {
    std::uint16_t id = 0;
    std::string name;
    std::uint16_t type = 0;
};

// The id and first question of a query; nullopt when it cannot be read.
inline std::optional<Question> read_question(const unsigned char* p, std::size_t n) {
    if (n < 12) return std::nullopt;
    Question q;
    q.id = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
    std::size_t pos = 12;
    while (pos < n && p[pos] != 0) {
        const std::size_t len = p[pos];
        if ((len & 0xC0) != 0 || pos + 1 + len > n) return std::nullopt;
        if (!q.name.empty()) q.name += '.';
        q.name.append(reinterpret_cast<const char*>(p + pos + 1), len);
        pos += 1 + len;
    }
    if (pos + 5 > n) return std::nullopt;
    q.type = static_cast<std::uint16_t>((p[pos + 1] << 8) | p[pos + 2]);
    return q;
}

}  // namespace dialtone::runtime::testing
