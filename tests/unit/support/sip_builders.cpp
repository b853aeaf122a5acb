#include "unit/support/sip_builders.hpp"

#include <gtest/gtest.h>

namespace dialtone::test {

std::string request_text(const RequestSpec& spec) {
    std::string r = spec.method + " " + spec.request_uri + " SIP/2.0\r\n";
    r += "Via: SIP/2.0/";
    r += transport::via_token(spec.via.transport);
    r += ' ';
    const bool v6 = spec.via.ip.find(':') != std::string::npos;
    r += v6 ? "[" + spec.via.ip + "]" : spec.via.ip;
    r += ':' + std::to_string(spec.via.port);
    if (!spec.branch.empty()) r += ";branch=" + spec.branch;
    if (spec.rport) r += ";rport";
    r += "\r\n";
    for (const std::string& v : spec.lower_vias)
        r += "Via: " + v + "\r\n";
    r += "Max-Forwards: 70\r\n";
    for (const std::string& route : spec.routes)
        r += "Route: " + route + "\r\n";
    r += "From: Alice <sip:alice@example.com>";
    if (!spec.from_tag.empty()) r += ";tag=" + spec.from_tag;
    r += "\r\nTo: Bob <sip:bob@example.com>";
    if (!spec.to_tag.empty()) r += ";tag=" + spec.to_tag;
    r += "\r\nCall-ID: " + spec.call_id + "\r\n";
    r += "CSeq: " + std::to_string(spec.cseq) + " " +
         (spec.cseq_method.empty() ? spec.method : spec.cseq_method) + "\r\n";
    r += spec.extra_headers;
    r += "Content-Length: 0\r\n\r\n";
    return r;
}

message::Message parse(std::string_view text) {
    auto m = message::Message::parse(text);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().description()) << "\n" << text;
    return m.ok() ? std::move(*m) : message::Message::response(500);
}

message::Message make_request(const RequestSpec& spec) {
    return parse(request_text(spec));
}

message::Message make_response(const message::Message& request, int status,
                               std::string_view to_tag) {
    using message::HeaderId;
    message::Message response = message::Message::response(status);
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& s = request.slot(i);
        if (!s.removed && s.id == HeaderId::Via) {
            response.add_header(HeaderId::Via, request.value_of(s));
        }
    }
    response.add_header(HeaderId::From, request.header(HeaderId::From));
    std::string to(request.header(HeaderId::To));
    auto parsed_to = request.to();
    if (status != 100 && !to_tag.empty() && parsed_to.ok() && !parsed_to->has_tag) {
        to += ";tag=";
        to += to_tag;
    }
    response.add_header(HeaderId::To, to);
    response.add_header(HeaderId::CallId, request.call_id());
    response.add_header(HeaderId::CSeq, request.header(HeaderId::CSeq));
    response.set_body({});
    return parse(response.to_string());
}

}  // namespace dialtone::test
