#include "server/responder.hpp"

#include <optional>
#include <string>
#include <utility>

#include "dialtone/sip/message/validate.hpp"
#include "dialtone/sip/message/value_list.hpp"
#include "server/make_response.hpp"
#include "server/salvage.hpp"
#include "server/stateless_tag.hpp"
#include "server/via_stamp.hpp"

namespace dialtone::server {

using message::HeaderId;
using message::Message;
using message::Method;
using message::ParseError;

namespace {

// A response can only be matched by the client when it carries the top Via and the CSeq
// (RFC 3261 §17.1.3); without them nothing is sent. A CSeq with a bad number is still
// echoed as written (RFC 4475 §3.1.2.4 expects a 400).
bool answerable(const Message& request) {
    return request.top_via().ok() && !request.header(HeaderId::CSeq).empty();
}

// An error's status must be a final non-2xx to be sent as the answer to a bad request;
// 0 is the parser saying "do not answer".
bool answerable_status(int status) {
    return status >= 300 && status <= 699;
}

// Replaces the first via-parm of a Via line, keeping the rest of the line as written.
std::optional<std::string> stamp_top_line(std::string_view line, const Peer& from) {
    message::ValueListCursor cursor(line);
    std::string_view top;
    if (!cursor.next(top)) return std::nullopt;
    auto stamped = stamp_via(top, from.ip, from.port);
    if (!stamped) return std::nullopt;
    const auto begin = static_cast<std::size_t>(top.data() - line.data());
    std::string out(line.substr(0, begin));
    out += *stamped;
    out += line.substr(begin + top.size());
    return out;
}

std::string join(const std::vector<std::string_view>& items) {
    std::string out;
    for (std::string_view item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

}  // namespace

Responder::Responder(ResponderConfig config) : config_(std::move(config)) {}

Outcome Responder::on_message(std::string_view bytes, const Peer& from) const {
    message::ParseOptions options;
    options.max_size = config_.max_message_size;
    options.datagram = !transport::is_stream(from.transport);
    auto parsed = Message::parse(bytes, options);
    if (parsed.ok()) {
        if (parsed->is_response()) {
            Outcome out;
            out.disposition = Disposition::ResponseIgnored;
            out.status = 0;
            return out;
        }
        return handle_request(*parsed, from);
    }
    return answer_unparsable(bytes, parsed.error(), from, true);
}

Outcome Responder::on_framing_error(std::string_view buffered, const ParseError& error,
                                    const Peer& from) const {
    // A stream framer's error may come with the head of a message cut anywhere.
    return answer_unparsable(buffered, error, from, !transport::is_stream(from.transport));
}

Outcome Responder::answer_unparsable(std::string_view bytes, const ParseError& error,
                                     const Peer& from, bool complete) const {
    Outcome out;
    out.error = error.description();
    auto echo = salvage_request(bytes, complete);
    if (echo) out.method = std::string(echo->method_text);
    if (!echo || !answerable_status(error.status)) return out;
    if (echo->method == Method::Ack) {
        out.disposition = Disposition::AckAbsorbed;
        return out;
    }
    Message response = build(*echo, error.status, error.reason_phrase(), from);
    Outcome answered = finish(response, echo->method_text);
    answered.error = std::move(out.error);
    return answered;
}

Outcome Responder::handle_request(const Message& request, const Peer& from) const {
    Outcome out;
    out.method = std::string(request.method_text());
    // ACK is never answered, valid or not: a 2xx ACK is end-to-end and a non-2xx ACK is
    // absorbed by the server transaction (RFC 3261 §17.2.1); a stateless UAS drops it.
    if (request.method() == Method::Ack) {
        out.disposition = Disposition::AckAbsorbed;
        return out;
    }
    const message::ValidationPolicy policy;  // a UAS supporting no extensions yet
    if (auto error = message::validate_request(request, policy)) {
        out.error = error->description();
        if (!answerable_status(error->status) || !answerable(request)) return out;
        Message response = build(echo_of(request), error->status, error->reason_phrase(), from);
        if (error->status == 420) {
            // §8.2.2.3: name the extensions that are not supported.
            response.add_header(HeaderId::Unsupported,
                                join(message::unsupported_extensions(request, policy)));
        } else if (error->status == 415) {
            // §8.2.3 / §21.4.16: say which bodies are understood.
            response.add_header(HeaderId::Accept, config_.accept);
            response.add_header(HeaderId::AcceptEncoding, config_.accept_encoding);
            response.add_header(HeaderId::AcceptLanguage, config_.accept_language);
        }
        Outcome answered = finish(response, request.method_text());
        answered.error = std::move(out.error);
        return answered;
    }
    if (!answerable(request)) {
        out.error = "top Via unreadable or CSeq missing";
        return out;
    }
    if (request.method() == Method::Options) {
        // §11.2: the capabilities of the server.
        Message response = build(echo_of(request), 200, {}, from);
        add_capabilities(response);
        return finish(response, request.method_text());
    }
    // §21.5.2: a method this server does not implement; Allow says what it does.
    Message response = build(echo_of(request), 501, {}, from);
    response.add_header(HeaderId::Allow, config_.allow);
    return finish(response, request.method_text());
}

Message Responder::build(const RequestEcho& request, int status, std::string_view reason,
                         const Peer& from) const {
    RequestEcho echo = request;
    std::optional<std::string> top_line;
    if (!echo.via_lines.empty()) {
        top_line = stamp_top_line(echo.via_lines.front(), from);
        if (top_line) echo.via_lines.front() = *top_line;
    }
    // The tag comes from the request as received, not the stamped Via, so a retransmission
    // from another source address still gets the same tag (§8.2.7).
    return make_response(echo, status, reason, stateless_tag(request, config_.tag_secret));
}

void Responder::add_capabilities(Message& response) const {
    response.add_header(HeaderId::Allow, config_.allow);
    response.add_header(HeaderId::Accept, config_.accept);
    response.add_header(HeaderId::AcceptEncoding, config_.accept_encoding);
    response.add_header(HeaderId::AcceptLanguage, config_.accept_language);
    response.add_header(HeaderId::Supported, config_.supported);
}

Outcome Responder::finish(Message& response, std::string_view method) const {
    if (!config_.server.empty()) response.add_header(HeaderId::Server, config_.server);
    Outcome out;
    out.disposition = Disposition::Answered;
    out.status = response.status();
    out.method = std::string(method);
    out.bytes = response.to_string();
    return out;
}

}  // namespace dialtone::server
