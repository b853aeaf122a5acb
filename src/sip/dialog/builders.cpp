#include "sip/dialog/builders.hpp"

#include "dialtone/sip/message/content_type.hpp"
#include "dialtone/sip/message/token_list.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;

Message make_response(const Message& request, int status, std::string_view to_tag,
                      std::string_view reason) {
    Message response = Message::response(status, reason);
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& s = request.slot(i);
        if (!s.removed && s.id == HeaderId::Via)
            response.add_header(HeaderId::Via, request.value_of(s));
    }
    response.add_header(HeaderId::From, request.header(HeaderId::From));
    auto to = request.to();
    if (status != 100 && !to_tag.empty() && to.ok() && !to->has_tag) {
        std::string value(request.header(HeaderId::To));
        value += ";tag=";
        value += to_tag;
        response.add_header(HeaderId::To, value);
    } else {
        response.add_header(HeaderId::To, request.header(HeaderId::To));
    }
    response.add_header(HeaderId::CallId, request.call_id());
    response.add_header(HeaderId::CSeq, request.header(HeaderId::CSeq));
    return response;
}

void copy_record_route(const Message& request, Message& response) {
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& s = request.slot(i);
        if (!s.removed && s.id == HeaderId::RecordRoute) {
            response.add_header(HeaderId::RecordRoute, request.value_of(s));
        }
    }
}

Message reparse(const Message& m) {
    std::string text = m.to_string();
    auto parsed = Message::parse(text);
    if (!parsed.ok()) return m;
    return std::move(*parsed);
}

bool has_token(const Message& m, HeaderId id, std::string_view token) {
    auto cursor = m.values(id);
    std::string_view v;
    while (cursor.next(v)) {
        if (message::contains_token(v, token)) return true;
    }
    return false;
}

bool has_sdp(const Message& m) {
    if (m.body().empty()) return false;
    if (!m.has(HeaderId::ContentType)) return true;
    auto ct = message::parse_content_type(m.header(HeaderId::ContentType));
    return ct.ok() && ct->is("application", "sdp");
}

std::string hex64(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digits[v & 0xf];
        v >>= 4;
    }
    return out;
}

}  // namespace dialtone::dialog
