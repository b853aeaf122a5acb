#include "server/make_response.hpp"

#include <string>

namespace dialtone::server {

using message::HeaderId;
using message::Message;

Message make_response(const Message& request, int status, std::string_view reason,
                      std::string_view to_tag) {
    return make_response(echo_of(request), status, reason, to_tag);
}

Message make_response(const RequestEcho& request, int status, std::string_view reason,
                      std::string_view to_tag) {
    Message response = Message::response(status, reason);
    // Line by line, so a Via line holding several via-parms stays one line (§7.3.1 makes
    // both forms equal; copying as written is what the client sent and expects back).
    for (std::string_view via : request.via_lines)
        response.add_header(HeaderId::Via, via);
    if (!request.from.empty()) response.add_header(HeaderId::From, request.from);
    if (!request.to.empty()) {
        if (!request.to_has_tag && status != 100 && !to_tag.empty()) {
            std::string to(request.to);
            to += ";tag=";
            to += to_tag;
            response.add_header(HeaderId::To, to);
        } else {
            response.add_header(HeaderId::To, request.to);
        }
    }
    if (!request.call_id.empty()) response.add_header(HeaderId::CallId, request.call_id);
    if (!request.cseq.empty()) response.add_header(HeaderId::CSeq, request.cseq);
    if (status == 100 && !request.timestamp.empty()) {
        response.add_header(HeaderId::Timestamp, request.timestamp);
    }
    response.set_body({});
    return response;
}

}  // namespace dialtone::server
