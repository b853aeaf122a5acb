#pragma once
// Message pieces the UA core writes: responses per RFC 3261 §8.2.6 and small header helpers.

#include <string>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/message.hpp"

namespace dialtone::dialog {

// A response to `request` (§8.2.6.2): its Via lines, From, To (with `to_tag` added when the
// request's To has none and the status is not 100), Call-ID and CSeq; no body.
message::Message make_response(const message::Message& request, int status,
                               std::string_view to_tag = {}, std::string_view reason = {});

// Copies the Record-Route lines of `request` to `response` (§12.1.1).
void copy_record_route(const message::Message& request, message::Message& response);

// Serializes and parses again, so every typed view of a message we built reads exactly what
// will go on the wire. A message we built always parses; if it did not, it stays as it was.
message::Message reparse(const message::Message& m);

// Whether a token list header (Require, Supported, Allow ...) holds `token`.
bool has_token(const message::Message& m, message::HeaderId id, std::string_view token);

// Whether the body is SDP: a body with Content-Type application/sdp (or no Content-Type).
bool has_sdp(const message::Message& m);

// 16 lower-case hex digits.
std::string hex64(std::uint64_t v);

}  // namespace dialtone::dialog
