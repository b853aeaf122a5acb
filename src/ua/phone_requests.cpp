// The softphone's requests outside the UA core, sent through runtime::OutboundRequests
// (RFC 3263 location and failover): REGISTER for the account's binding (RFC 3261 §10.2,
// refreshed before it runs out) and MESSAGE (RFC 3428) both ways.

#include <random>

#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "server/make_response.hpp"
#include "ua/phone_handler.hpp"

namespace dialtone::ua {

namespace {

using message::HeaderId;
using message::Message;

std::string random_hex() {
    static thread_local std::mt19937_64 random(
        (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    std::uint64_t v = random();
    for (int i = 0; i < 16; ++i, v >>= 4)
        out += kHex[v & 15];
    return out;
}

// "2.5 s".
std::string seconds_text(std::chrono::milliseconds d) {
    const auto tenths = d.count() / 100;
    return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
           " s";
}

// Where a request goes first: the outbound proxy, else its Request-URI, over the account's
// transport unless the URI names one.
std::optional<transport::LocateRequest> first_hop(const PhoneAccount& account,
                                                  std::string_view request_uri) {
    const std::string_view hop =
        account.outbound_proxy.empty() ? request_uri : std::string_view(account.outbound_proxy);
    auto uri = message::parse_uri(hop);
    if (!uri) return std::nullopt;
    auto locate = transport::locate_request_from_uri(*uri);
    if (!locate) return std::nullopt;
    if (!locate->transport && account.transport != transport::Transport::Udp) {
        locate->transport = account.transport;
    }
    if (!locate->transport && locate->numeric) locate->transport = account.transport;
    return *locate;
}

void add_route(Message& m, const PhoneAccount& account) {
    if (account.outbound_proxy.empty()) return;
    std::string proxy = account.outbound_proxy;
    if (proxy.find(";lr") == std::string::npos) proxy += ";lr";
    m.add_header(HeaderId::Route, "<" + proxy + ">");
}

}  // namespace

void PhoneHandler::send_register(Message request) {
    // To the registrar named on the command line, else as any request: through the
    // outbound proxy, else to the AoR's domain.
    const PhoneAccount& a = settings_.account;
    std::optional<transport::LocateRequest> hop;
    if (!a.registrar.empty()) {
        PhoneAccount direct = a;
        direct.outbound_proxy.clear();
        hop = first_hop(direct, a.registrar);
    } else {
        hop = first_hop(a, registration_->config().registrar);
        add_route(request, a);
    }
    if (!hop) {
        fail("cannot send REGISTER to " +
             (a.registrar.empty() ? registration_->config().registrar : a.registrar));
        return finish();
    }
    runtime::OutboundCallbacks callbacks;
    callbacks.on_response = [this](const runtime::OutboundResponse& r) { on_register_response(r); };
    register_pending_ = true;
    auto sent = outbound_.send(std::move(request), std::move(callbacks), *hop);
    if (!sent) {
        register_pending_ = false;
        fail("REGISTER: " + sent.error().description());
        finish();
    }
}

void PhoneHandler::on_register_response(const runtime::OutboundResponse& r) {
    const Message& response = *r.response;
    if (response.status() < 200) return;
    register_pending_ = false;
    const RegistrationStep step = registration_->on_response(response);
    switch (step.kind) {
        case RegistrationStep::Kind::Send:
            return send_register(*step.request);
        case RegistrationStep::Kind::Registered: {
            const bool first = !outcome_.registered;
            outcome_.registered = true;
            print("registered: " + std::to_string(step.status) + " " +
                  std::string(response.reason()) + ", expires " + std::to_string(step.granted) +
                  " s, refresh in " + seconds_text(step.wait));
            if (first && settings_.mode == PhoneMode::Wait) print("waiting for calls");
            if (draining_) {
                // Stopped while this REGISTER was out: take the binding back at once.
                print("unregistering");
                return send_register(registration_->unregister());
            }
            after(step.wait, [this] {
                if (!draining_) send_register(registration_->refresh());
            });
            return;
        }
        case RegistrationStep::Kind::Unregistered:
            print("unregistered: " + std::to_string(step.status) + " " +
                  std::string(response.reason()));
            return;
        case RegistrationStep::Kind::Failed: {
            std::string line =
                "registration failed: " + std::to_string(step.status) + " " + step.reason;
            if (r.synthesized && !r.reason.empty()) line += " (" + r.reason + ")";
            if (draining_) return print(line);
            if (!outcome_.registered) {
                fail(line);
                return finish();
            }
            print(line + "; retrying in " + seconds_text(step.wait));
            after(step.wait, [this] {
                if (!draining_) send_register(registration_->refresh());
            });
            return;
        }
    }
}

void PhoneHandler::send_message(std::optional<Message> retry) {
    const PhoneAccount& a = settings_.account;
    Message m = retry ? std::move(*retry) : Message::request("MESSAGE", settings_.target);
    if (!retry) {
        message_call_id_ = random_hex() + random_hex() + "@dialtone";
        message_tag_ = random_hex();
        m.add_header(HeaderId::MaxForwards, "70");
        m.add_header(HeaderId::From, "<" + a.aor + ">;tag=" + message_tag_);
        m.add_header(HeaderId::To, "<" + settings_.target + ">");
        m.add_header(HeaderId::CallId, message_call_id_);
        m.add_header(HeaderId::CSeq, std::to_string(++message_cseq_) + " MESSAGE");
        add_route(m, a);
        m.add_header(HeaderId::UserAgent, "dialtone");
        m.set_body(settings_.message_text, settings_.message_type);
    }
    auto hop = first_hop(a, settings_.target);
    if (!hop) {
        fail("cannot send MESSAGE to " + settings_.target);
        return finish();
    }
    runtime::OutboundCallbacks callbacks;
    callbacks.on_response = [this](const runtime::OutboundResponse& r) { on_message_response(r); };
    message_pending_ = true;
    auto sent = outbound_.send(std::move(m), std::move(callbacks), *hop);
    if (!sent) {
        message_pending_ = false;
        fail("MESSAGE: " + sent.error().description());
        return finish();
    }
    if (!retry) print("sending MESSAGE to " + settings_.target);
}

void PhoneHandler::on_message_response(const runtime::OutboundResponse& r) {
    const Message& response = *r.response;
    const int status = response.status();
    if (status < 200) return;
    message_pending_ = false;
    const PhoneAccount& a = settings_.account;
    if ((status == 401 || status == 407) && !a.password.empty() && message_auth_attempts_ < 2) {
        ++message_auth_attempts_;
        if (!message_digest_) {
            // begin() made the credentials from the account, since it has a password.
            message_digest_.emplace(*ua_->config().credentials, auth::random_cnonce_source());
        }
        auto answer = message_digest_->answer(response, "MESSAGE", settings_.target);
        if (answer) {
            // §22.2: the same request again with credentials, CSeq up by one.
            Message again = Message::request("MESSAGE", settings_.target);
            again.add_header(HeaderId::MaxForwards, "70");
            again.add_header(HeaderId::From, "<" + a.aor + ">;tag=" + message_tag_);
            again.add_header(HeaderId::To, "<" + settings_.target + ">");
            again.add_header(HeaderId::CallId, message_call_id_);
            again.add_header(HeaderId::CSeq, std::to_string(++message_cseq_) + " MESSAGE");
            add_route(again, a);
            again.add_header(answer->header, answer->value);
            again.add_header(HeaderId::UserAgent, "dialtone");
            again.set_body(settings_.message_text, settings_.message_type);
            return send_message(std::move(again));
        }
    }
    outcome_.final_status = status;
    std::string line = "message: " + std::to_string(status) + " " + std::string(response.reason());
    if (r.synthesized && !r.reason.empty()) line += " (" + r.reason + ")";
    print(line);
    if (status >= 300) outcome_.failed = true;
    finish();
}

void PhoneHandler::answer_message(const transaction::DeliverRequest& d) {
    const Message& request = *d.request;
    print("message from " + std::string(request.header(HeaderId::From)) + ": " +
          std::string(request.body()));
    std::vector<transaction::Action> out;
    layer_.send_response(d.txn, server::make_response(request, 200, {}, random_hex()), now(), out);
    execute(out);
}

}  // namespace dialtone::ua
