#pragma once
// The parts of a request that RFC 3261 §8.2.6.2 copies into every response to it. Kept
// apart from Message so a response can be built both from a parsed request and from the
// readable headers of one that failed to parse (see salvage_request).

#include <boost/container/small_vector.hpp>
#include <optional>
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/method.hpp"

namespace dialtone::server {

struct RequestEcho {
    message::Method method = message::Method::Extension;
    std::string_view method_text;
    // Each Via header line's value, top line first (a line may hold several via-parms).
    // Inline for the usual few: an echo is made for every response.
    boost::container::small_vector<std::string_view, 4> via_lines;
    std::string_view from;
    std::string_view to;
    bool to_has_tag = false;
    std::string_view call_id;
    std::string_view cseq;
    std::string_view timestamp;  // RFC 3261 §8.2.6.1: echoed in a 100 (Trying)
};

// Views into `request`: valid while it is alive and unedited. From and To are left empty
// when they do not parse.
RequestEcho echo_of(const message::Message& request);

}  // namespace dialtone::server
