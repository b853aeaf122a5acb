#pragma once
// The messages the parser benchmark feeds to every parser, with the field values a
// correct parser must report for each.

#include <string>
#include <string_view>
#include <vector>

#include "proxy_fields.hpp"

namespace dialtone::bench {

struct BenchMessage {
    std::string_view name;  // "invite", "ringing", "ok", "register"
    std::string bytes;      // the message on the wire, CRLF line ends
    ProxyFields expected;
};

// Built once, on first use.
const std::vector<BenchMessage>& bench_messages();

// Checks, without any of the parsers under test, that the Content-Length header of `m`
// matches its body and its expected content_length; empty when it does, else the reason.
std::string check_framing(const BenchMessage& m);

}  // namespace dialtone::bench
