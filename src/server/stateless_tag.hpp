#pragma once
#include <cstdint>
#include <string>

#include "server/request_echo.hpp"

namespace dialtone::server {

// RFC 3261 §8.2.7: a stateless UAS "MUST generate tags ... in a manner that will generate
// the same tag for the same request consistently", so a retransmitted request gets the
// same To tag. The tag is a keyed hash of what identifies the request (top Via, Call-ID,
// From, CSeq); the per-process `secret` keeps tags unguessable from outside, and 64 bits
// of output exceed the 32 bits of randomness §19.3 asks for.
std::string stateless_tag(const RequestEcho& request, std::uint64_t secret);

}  // namespace dialtone::server
