#include "sip/transaction/hop_request.hpp"

#include <charconv>
#include <string>

namespace dialtone::transaction::detail {

using message::HeaderId;
using message::Message;

Message make_hop_request(const Message& original, std::string_view method,
                         std::string_view to_value) {
    Message m = Message::request(method, original.request_uri_text());
    std::string_view top_via;
    auto vias = original.values(HeaderId::Via);
    if (vias.next(top_via)) m.add_header(HeaderId::Via, top_via);
    const std::string_view max_forwards = original.header(HeaderId::MaxForwards);
    m.add_header(HeaderId::MaxForwards, max_forwards.empty() ? "70" : max_forwards);
    // Route lines as written, in order: downstream stateless proxies route the request
    // the way they routed the original.
    for (std::size_t i = 0; i < original.slot_count(); ++i) {
        const message::HeaderSlot& s = original.slot(i);
        if (!s.removed && s.id == HeaderId::Route)
            m.add_header(HeaderId::Route, original.value_of(s));
    }
    if (original.has(HeaderId::From)) m.add_header(HeaderId::From, original.header(HeaderId::From));
    if (!to_value.empty()) m.add_header(HeaderId::To, to_value);
    if (original.has(HeaderId::CallId)) m.add_header(HeaderId::CallId, original.call_id());
    auto cseq = original.cseq();
    if (cseq.ok()) {
        char buf[16];
        const auto r = std::to_chars(buf, buf + sizeof buf, cseq->number);
        std::string value(buf, r.ptr);
        value += ' ';
        value += method;
        m.add_header(HeaderId::CSeq, value);
    }
    m.set_body({});
    return m;
}

}  // namespace dialtone::transaction::detail
