#pragma once
// Reading what can be read of a request that failed to parse, so it can still be answered
// with the parse error (RFC 3261 §8.2: a server answers a bad request when it can; §18:
// a request that "cannot be parsed well enough" to answer is dropped).
//
// "Well enough" means the client can match the response to its transaction: a request
// start line, a top Via that parses (the client matches by its branch, §17.1.3) and a
// CSeq (the method half of the match; copied as written even when its number is bad,
// RFC 4475 §3.1.2.4). From, To, Call-ID and Timestamp are copied when they are present
// and clean; a request that lacks one still gets its 400.

#include <optional>
#include <string_view>

#include "server/request_echo.hpp"

namespace dialtone::server {

// `bytes`: the message as received. `complete` is false when they are only the first part
// of a message (a stream framer gave up mid-way); a last line without its line end may
// then be cut short and is ignored. Views in the result point into `bytes`.
std::optional<RequestEcho> salvage_request(std::string_view bytes, bool complete = true);

}  // namespace dialtone::server
