#include "runtime/dns_wire_ttl.hpp"

#include <algorithm>

namespace dialtone::runtime {

namespace {

constexpr std::uint16_t kTypeCname = 5;
constexpr std::size_t kHeaderSize = 12;

std::uint16_t read16(const unsigned char* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

std::uint32_t read32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

// Moves `pos` past an owner name: labels up to a zero octet, or up to a compression
// pointer (two octets, RFC 1035 §4.1.4). False when the name runs off the end.
bool skip_name(const unsigned char* reply, std::size_t size, std::size_t& pos) {
    while (pos < size) {
        const unsigned char len = reply[pos];
        if ((len & 0xC0) == 0xC0) {
            if (pos + 2 > size) return false;
            pos += 2;
            return true;
        }
        if ((len & 0xC0) != 0) return false;  // 0x40 / 0x80: extended label types, unused
        pos += 1;
        if (len == 0) return true;
        pos += len;
    }
    return false;
}

}  // namespace

std::optional<std::uint32_t> smallest_answer_ttl(const unsigned char* reply, std::size_t size,
                                                 std::uint16_t rr_type) {
    if (reply == nullptr || size < kHeaderSize) return std::nullopt;
    const std::uint16_t questions = read16(reply + 4);
    const std::uint16_t answers = read16(reply + 6);
    std::size_t pos = kHeaderSize;
    for (std::uint16_t i = 0; i < questions; ++i) {
        if (!skip_name(reply, size, pos) || pos + 4 > size) return std::nullopt;
        pos += 4;  // QTYPE, QCLASS
    }
    std::optional<std::uint32_t> smallest;
    for (std::uint16_t i = 0; i < answers; ++i) {
        if (!skip_name(reply, size, pos) || pos + 10 > size) return std::nullopt;
        const std::uint16_t type = read16(reply + pos);
        std::uint32_t ttl = read32(reply + pos + 4);
        const std::uint16_t rdlength = read16(reply + pos + 8);
        pos += 10;
        if (pos + rdlength > size) return std::nullopt;
        pos += rdlength;
        if (ttl & 0x80000000u) ttl = 0;
        if (type == rr_type || type == kTypeCname) {
            smallest = smallest ? std::min(*smallest, ttl) : ttl;
        }
    }
    return smallest;
}

}  // namespace dialtone::runtime
