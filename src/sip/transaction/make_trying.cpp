#include "sip/transaction/make_trying.hpp"

namespace dialtone::transaction::detail {

using message::HeaderId;
using message::Message;

Message make_trying(const Message& request) {
    Message response = Message::response(100);
    // Line by line, so a Via line holding several via-parms stays as the client wrote it.
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& s = request.slot(i);
        if (!s.removed && s.id == HeaderId::Via)
            response.add_header(HeaderId::Via, request.value_of(s));
    }
    for (HeaderId id :
         {HeaderId::From, HeaderId::To, HeaderId::CallId, HeaderId::CSeq, HeaderId::Timestamp}) {
        if (request.has(id)) response.add_header(id, request.header(id));
    }
    response.set_body({});
    return response;
}

}  // namespace dialtone::transaction::detail
