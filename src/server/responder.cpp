#include "server/responder.hpp"

#include <optional>
#include <string>
#include <utility>

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

// VALIDATE-HOOK: the semantic checks of a parsed request (mandatory headers, CSeq method
// matching the request line, Max-Forwards, Require, URI scheme...) belong to
// message::validate_request in include/dialtone/sip/message/validate.hpp, which the lead
// is writing. Until it lands this is the minimum the responder itself relies on.
std::optional<ParseError> validation_error(const Message& request) {
    if (auto via = request.top_via(); !via.ok()) return via.error();
    if (auto cseq = request.cseq(); !cseq.ok()) return cseq.error();
    if (request.call_id().empty()) return ParseError{400, "missing Call-ID header"};
    if (auto from = request.from(); !from.ok()) return from.error();
    if (auto to = request.to(); !to.ok()) return to.error();
    return std::nullopt;
}

// A response can only be matched by the client when the top Via and CSeq are readable
// (RFC 3261 §17.1.3); without them nothing is sent.
bool answerable(const Message& request) {
    return request.top_via().ok() && request.cseq().ok();
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

}  // namespace

Responder::Responder(ResponderConfig config) : config_(std::move(config)) {}

Outcome Responder::on_message(std::string_view bytes, const Peer& from) const {
    message::ParseOptions options;
    options.max_size = config_.max_message_size;
    options.datagram = from.transport == Transport::Udp;
    auto parsed = Message::parse(bytes, options);
    if (parsed.ok()) {
        if (parsed->is_response()) {
            Outcome out;
            out.disposition = Disposition::ResponseIgnored;
            return out;
        }
        return handle_request(*parsed, from);
    }
    return on_framing_error(bytes, parsed.error(), from);
}

Outcome Responder::on_framing_error(std::string_view buffered, const ParseError& error,
                                    const Peer& from) const {
    Outcome out;
    out.error = error.what;
    // Only a whole datagram is known to be complete; a stream framer's error may come
    // with the head of a message cut anywhere.
    auto echo = salvage_request(buffered, from.transport == Transport::Udp);
    if (echo) out.method = std::string(echo->method_text);
    // Status 0 is the parser saying "do not answer"; a non-error status cannot be an
    // answer to a request that failed.
    if (!echo || error.status < 300 || error.status > 699) return out;
    if (echo->method == Method::Ack) {
        out.disposition = Disposition::AckAbsorbed;
        return out;
    }
    Outcome answered = answer(*echo, error.status, error.reason_phrase(), Extra::None, from);
    answered.error = error.what;
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
    if (!answerable(request)) {
        out.error = "top Via or CSeq unreadable";
        return out;
    }
    const RequestEcho echo = echo_of(request);
    if (auto error = validation_error(request)) {
        if (error->status < 300 || error->status > 699) {
            out.error = error->what;
            return out;
        }
        Outcome answered = answer(echo, error->status, error->reason_phrase(), Extra::None, from);
        answered.error = error->what;
        return answered;
    }
    if (request.method() == Method::Options) {
        return answer(echo, 200, {}, Extra::Capabilities, from);  // RFC 3261 §11.2
    }
    // §8.2.1 / §21.5.2: a method this server does not implement; Allow says what it does.
    return answer(echo, 501, {}, Extra::Allow, from);
}

Outcome Responder::answer(const RequestEcho& request, int status, std::string_view reason,
                          Extra extra, const Peer& from) const {
    RequestEcho echo = request;
    std::optional<std::string> top_line;
    if (!echo.via_lines.empty()) {
        top_line = stamp_top_line(echo.via_lines.front(), from);
        if (top_line) echo.via_lines.front() = *top_line;
    }
    // The tag is computed from the request as received, before stamping, so a
    // retransmission from a new source port still gets the same tag (§8.2.7).
    Message response =
        make_response(echo, status, reason, stateless_tag(request, config_.tag_secret));
    if (extra == Extra::Capabilities || extra == Extra::Allow) {
        response.add_header(HeaderId::Allow, config_.allow);
    }
    if (extra == Extra::Capabilities) {
        response.add_header(HeaderId::Accept, config_.accept);
        response.add_header(HeaderId::AcceptEncoding, config_.accept_encoding);
        response.add_header(HeaderId::AcceptLanguage, config_.accept_language);
        response.add_header(HeaderId::Supported, config_.supported);
    }
    if (!config_.server.empty()) response.add_header(HeaderId::Server, config_.server);

    Outcome out;
    out.disposition = Disposition::Answered;
    out.status = status;
    out.method = std::string(request.method_text);
    out.bytes = response.to_string();
    return out;
}

}  // namespace dialtone::server
