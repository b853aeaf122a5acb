#pragma once
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "server/request_echo.hpp"

namespace dialtone::server {

// Builds a response to `request` as RFC 3261 §8.2.6 says: every Via in order, From, To,
// Call-ID and CSeq copied; a To tag added when the request's To had none, except on a
// 100 (Trying) (§8.2.6.2); Timestamp echoed on a 100 (§8.2.6.1); Content-Length: 0.
// An empty `reason` takes the standard phrase; an empty `to_tag` adds no tag. The result
// is a Message so callers can add headers or a body before serializing it.
message::Message make_response(const message::Message& request, int status,
                               std::string_view reason = {}, std::string_view to_tag = {});

// The same from the copied parts of a request.
message::Message make_response(const RequestEcho& request, int status, std::string_view reason = {},
                               std::string_view to_tag = {});

}  // namespace dialtone::server
