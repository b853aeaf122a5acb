#include "server/request_echo.hpp"

namespace dialtone::server {

using message::HeaderId;

RequestEcho echo_of(const message::Message& request) {
    RequestEcho echo;
    echo.method = request.method();
    echo.method_text = request.method_text();
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& s = request.slot(i);
        if (!s.removed && s.id == HeaderId::Via) echo.via_lines.push_back(request.value_of(s));
    }
    // A From or To that does not parse is left out, as salvage_request does: echoing it
    // (and appending a tag to it) would only make the response as broken as the request.
    if (request.from().ok()) echo.from = request.header(HeaderId::From);
    if (auto to = request.to(); to.ok()) {
        echo.to = request.header(HeaderId::To);
        echo.to_has_tag = to->has_tag;
    }
    echo.call_id = request.call_id();
    echo.cseq = request.header(HeaderId::CSeq);
    echo.timestamp = request.header(HeaderId::Timestamp);
    return echo;
}

}  // namespace dialtone::server
