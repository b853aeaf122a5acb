#pragma once
// The values of single SDP lines (RFC 4566 §5): the parts of a SessionDescription and of
// its MediaDescriptions. Plain values that own their text, so a description can be built,
// edited and compared.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dialtone::sdp {

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (§5.2).
struct Origin {
    std::string username = "-";
    std::string session_id;       // decimal digits, any length
    std::string session_version;  // decimal digits, any length (RFC 3264 §8 increments it)
    std::string nettype = "IN";
    std::string addrtype = "IP4";
    std::string address;

    bool operator==(const Origin&) const = default;
};

// c=<nettype> <addrtype> <connection-address> (§5.7). A multicast address keeps its
// "/ttl/count" suffix in `address`; host() strips it.
struct Connection {
    std::string nettype = "IN";
    std::string addrtype = "IP4";
    std::string address;

    std::string_view host() const;
    // 0.0.0.0 (or ::): RFC 2543's way of putting a stream on hold; nothing may be sent
    // there (RFC 3264 §8.4).
    bool is_unspecified() const;
    bool operator==(const Connection&) const = default;
};

// b=<bwtype>:<bandwidth> (§5.8): "AS", "CT", "TIAS" (RFC 3890), "RS"/"RR" (RFC 3556).
struct Bandwidth {
    std::string type;
    std::uint64_t value = 0;

    bool operator==(const Bandwidth&) const = default;
};

// t=<start-time> <stop-time> (§5.9) with the r= lines that follow it (§5.10), kept as
// written: SIP sessions use "t=0 0" and no repeats (RFC 3264 §5).
struct Timing {
    std::uint64_t start = 0;
    std::uint64_t stop = 0;
    std::vector<std::string> repeats;

    bool operator==(const Timing&) const = default;
};

// a=<name> or a=<name>:<value> (§5.13). The value is kept byte for byte (trailing spaces
// included); `has_value` tells "a=x:" (empty value) from "a=x".
struct Attribute {
    std::string name;
    std::string value;
    bool has_value = false;

    static Attribute property(std::string_view name) { return {std::string(name), {}, false}; }
    static Attribute with_value(std::string_view name, std::string_view value) {
        return {std::string(name), std::string(value), true};
    }
    bool operator==(const Attribute&) const = default;
};

// A line whose type letter RFC 4566 does not define ("y=" of GB28181, "f=" ...), kept so a
// description that passes through us comes out as it went in. It is written back after the
// `after_ordinal`-th line of type `after_type` in its section (the known line it followed),
// or at the end of its section when that line no longer exists.
struct ExtraLine {
    char type = 'x';
    std::string value;
    char after_type = 'v';
    std::uint32_t after_ordinal = 1;

    bool operator==(const ExtraLine&) const = default;
};

// Finds the first attribute called `name` (ignoring case); nullptr when there is none.
const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view name);

}  // namespace dialtone::sdp
