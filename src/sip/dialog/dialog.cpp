#include "dialtone/sip/dialog/dialog.hpp"

#include <algorithm>

#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/uri.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;
using message::ParseError;

namespace {

ParseError dialog_error(std::string_view what) {
    return ParseError{400, what, true, {}};
}

// The URI a Contact names, or empty.
std::string contact_uri(const Message& m) {
    auto c = m.contact();
    if (!c.ok() || c->star) return {};
    return std::string(c->uri.text);
}

// A Request-URI may carry no headers (§19.1.1 table); a strict router's URI loses them.
std::string strip_for_request_uri(std::string_view uri) {
    const std::size_t q = uri.find('?');
    return std::string(q == std::string_view::npos ? uri : uri.substr(0, q));
}

bool is_loose(std::string_view route) {
    auto na = message::parse_name_addr(route);
    return na.ok() && na->uri.loose_route();
}

}  // namespace

std::vector<std::string> record_route_elements(const Message& message) {
    std::vector<std::string> out;
    auto cursor = message.values(HeaderId::RecordRoute);
    std::string_view element;
    while (cursor.next(element)) {
        if (!element.empty()) out.emplace_back(element);
    }
    return out;
}

std::string uri_of(std::string_view name_addr) {
    auto na = message::parse_name_addr(name_addr);
    if (!na.ok()) return std::string(name_addr);
    return std::string(na->uri.text);
}

message::Result<Dialog> Dialog::from_response(const Message& request, const Message& response,
                                              bool secure) {
    auto to = response.to();
    auto from = request.from();
    auto cseq = request.cseq();
    if (!to.ok() || !from.ok() || !cseq.ok())
        return dialog_error("dialog: missing From, To or CSeq");
    if (!to->has_tag || to->tag.empty()) return dialog_error("dialog: response To has no tag");
    if (!from->has_tag || from->tag.empty()) return dialog_error("dialog: request From has no tag");
    Dialog d;
    d.id_ = DialogId{std::string(request.call_id()), std::string(from->tag), std::string(to->tag)};
    d.state_ = response.status() >= 200 ? DialogState::Confirmed : DialogState::Early;
    d.secure_ = secure;
    d.route_set_ = record_route_elements(response);
    std::reverse(d.route_set_.begin(), d.route_set_.end());
    d.remote_target_ = contact_uri(response);
    // A 1xx may come without Contact (only 2xx and 18x MUST carry it); until one does, the
    // Request-URI is the best target we have.
    if (d.remote_target_.empty()) d.remote_target_ = std::string(request.request_uri_text());
    d.local_uri_ = std::string(request.header(HeaderId::From));
    d.remote_uri_ = std::string(response.header(HeaderId::To));
    d.local_seq_ = cseq->number;
    return d;
}

message::Result<Dialog> Dialog::from_request(const Message& request, std::string_view local_tag,
                                             bool secure, bool early) {
    auto from = request.from();
    auto to = request.to();
    auto cseq = request.cseq();
    if (!to.ok() || !from.ok() || !cseq.ok())
        return dialog_error("dialog: missing From, To or CSeq");
    if (local_tag.empty()) return dialog_error("dialog: no local tag");
    Dialog d;
    // An RFC 2543 peer may send no From tag (§12.1.1: the remote tag is then empty).
    d.id_ = DialogId{std::string(request.call_id()), std::string(local_tag),
                     from->has_tag ? std::string(from->tag) : std::string()};
    d.state_ = early ? DialogState::Early : DialogState::Confirmed;
    d.secure_ = secure;
    d.route_set_ = record_route_elements(request);
    d.remote_target_ = contact_uri(request);
    if (d.remote_target_.empty()) d.remote_target_ = std::string(from->uri.text);
    d.remote_uri_ = std::string(request.header(HeaderId::From));
    d.local_uri_ = std::string(request.header(HeaderId::To));
    if (!to->has_tag) {
        d.local_uri_ += ";tag=";
        d.local_uri_ += local_tag;
    }
    d.remote_seq_ = cseq->number;
    return d;
}

void Dialog::confirm_from_response(const Message& response) {
    if (state_ == DialogState::Early) {
        route_set_ = record_route_elements(response);
        std::reverse(route_set_.begin(), route_set_.end());
    }
    state_ = DialogState::Confirmed;
    refresh_target(response);
}

void Dialog::refresh_target(const Message& message) {
    std::string target = contact_uri(message);
    if (!target.empty()) remote_target_ = std::move(target);
}

int Dialog::check_remote_request(const Message& request) {
    auto cseq = request.cseq();
    if (!cseq.ok()) return 400;
    if (request.method() == message::Method::Ack || request.method() == message::Method::Cancel) {
        return 0;
    }
    if (remote_seq_ && cseq->number < *remote_seq_) return 500;
    remote_seq_ = cseq->number;
    return 0;
}

DialogRequest Dialog::make_request(std::string_view method, std::string_view via,
                                   std::optional<std::uint32_t> cseq) {
    std::uint32_t number = 0;
    if (cseq) {
        number = *cseq;
    } else {
        number = next_local_seq();
        local_seq_ = number;
    }
    std::string request_uri;
    std::vector<std::string> routes;
    std::string next_hop;
    if (route_set_.empty()) {
        request_uri = remote_target_;
        next_hop = remote_target_;
    } else if (is_loose(route_set_.front())) {
        request_uri = remote_target_;
        routes = route_set_;
        next_hop = uri_of(route_set_.front());
    } else {
        // §12.2.1.1 strict routing: the first route becomes the Request-URI, the rest and
        // then the remote target become the Route header.
        request_uri = strip_for_request_uri(uri_of(route_set_.front()));
        routes.assign(route_set_.begin() + 1, route_set_.end());
        routes.push_back("<" + remote_target_ + ">");
        next_hop = request_uri;
    }
    Message m = Message::request(method, request_uri);
    m.add_header(HeaderId::Via, via);
    m.add_header(HeaderId::MaxForwards, "70");
    for (const std::string& r : routes)
        m.add_header(HeaderId::Route, r);
    m.add_header(HeaderId::From, local_uri_);
    m.add_header(HeaderId::To, remote_uri_);
    m.add_header(HeaderId::CallId, id_.call_id);
    std::string cseq_value = std::to_string(number);
    cseq_value += ' ';
    cseq_value += method;
    m.add_header(HeaderId::CSeq, cseq_value);
    return DialogRequest{std::move(m), std::move(next_hop)};
}

}  // namespace dialtone::dialog
