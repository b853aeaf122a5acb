#include "server/proxy/forward_request.hpp"

namespace dialtone::server::proxy {

using message::HeaderId;
using message::Message;
using message::Method;

namespace {

void append_host_port(std::string& out, const Interface& at) {
    const bool v6 = at.host.find(':') != std::string::npos && at.host.front() != '[';
    if (v6) out += '[';
    out += at.host;
    if (v6) out += ']';
    if (at.port != 0) {
        out += ':';
        out += std::to_string(at.port);
    }
}

}  // namespace

std::string record_route_value(const Interface& at, bool sips) {
    std::string v = sips ? "<sips:" : "<sip:";
    append_host_port(v, at);
    if (at.transport != transport::Transport::Udp) {
        v += ";transport=";
        v += transport::uri_token(at.transport);
    }
    v += ";lr>";
    return v;
}

std::string via_value(const Interface& at, std::string_view branch) {
    std::string v = "SIP/2.0/";
    v += transport::via_token(at.transport);
    v += ' ';
    append_host_port(v, at);
    v += ";branch=";
    v += branch;
    return v;
}

bool creates_dialog(const Message& request) {
    switch (request.method()) {
        case Method::Invite:
        case Method::Subscribe:
        case Method::Refer:
        case Method::Notify:
            break;
        default:
            return false;
    }
    auto to = request.to();
    return to && !to->has_tag;
}

Forward build_forward(const Message& base, const Target& target, const Interface& inbound,
                      bool record_route) {
    Forward f{transaction::ServerHandle{}, 0, base, {}, {}, inbound, false};  // step 1: copy
    Message& m = f.request;
    // Step 2: the Request-URI is the target.
    if (target.uri != m.request_uri_text()) m.set_request_uri(target.uri);
    // Step 3: Max-Forwards. §16.3 already refused 0.
    if (!m.decrement_max_forwards()) m.set_header(HeaderId::MaxForwards, "70");
    // Step 4: Record-Route, sips: when the Request-URI is (§16.6 step 4).
    if (record_route && creates_dialog(m)) {
        auto ruri = m.request_uri();
        const bool sips = ruri && ruri->scheme == message::UriScheme::Sips;
        m.push_record_route(record_route_value(inbound, sips));
        f.record_routed = true;
    }
    // Step 6: the target's own route set (Path) goes on top, first value topmost.
    for (auto it = target.routes.rbegin(); it != target.routes.rend(); ++it)
        m.push_route(*it);
    // Step 7: the next hop is the top Route, else the target itself.
    std::string_view top;
    auto routes = m.values(HeaderId::Route);
    if (routes.next(top)) {
        auto na = message::parse_name_addr(top);
        f.hop.uri = na ? std::string(na->uri.text) : std::string(top);
        if (target.routes.empty()) f.hop.endpoint = target.endpoint;
    } else {
        f.hop.uri = target.uri;
        f.hop.endpoint = target.endpoint;
    }
    return f;
}

Message finish_forward(Forward& forward, const Interface& outbound) {
    Message& m = forward.request;
    if (forward.record_routed && !(outbound == forward.inbound)) {
        auto ruri = m.request_uri();
        m.push_record_route(
            record_route_value(outbound, ruri && ruri->scheme == message::UriScheme::Sips));
    }
    m.push_via(via_value(outbound, forward.branch_param));
    return std::move(m);
}

}  // namespace dialtone::server::proxy
