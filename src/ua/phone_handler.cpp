#include "ua/phone_handler.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <random>
#include <utility>
#include <variant>

#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/message/validate.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "server/via_stamp.hpp"

namespace dialtone::ua {

namespace {

using message::Message;
using message::Method;
using transaction::Action;

server::ResponderConfig phone_responder_config() {
    server::ResponderConfig c;
    c.server = "dialtone phone";
    c.allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE, MESSAGE";
    std::random_device rd;
    c.tag_secret = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    return c;
}

transaction::LayerConfig layer_config(const PhoneSettings& s) {
    transaction::LayerConfig c;
    c.timers.t1 = s.t1;
    c.timers.t2 = s.t1 * 8;
    c.timers.t4 = s.t1 * 10;
    c.timers.timer_d_unreliable = s.t1 * 64;
    std::random_device rd;
    c.seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    return c;
}

// RFC 3261 §18.2.1 / RFC 3581 §4: the top Via notes where the request really came from.
void stamp_top_via(Message& request, const runtime::Source& from) {
    auto vias = request.values(message::HeaderId::Via);
    std::string_view top;
    if (!vias.next(top)) return;
    if (auto stamped = server::stamp_via(top, from.ip, from.port)) {
        request.pop_via();
        request.push_via(*stamped);
    }
}

// The user part of a SIP URI ("alice" of sip:alice@example.test), or "dialtone".
std::string user_of(const std::string& aor) {
    auto uri = message::parse_uri(aor);
    if (!uri || uri->user.empty()) return "dialtone";
    return message::unescape(uri->user);
}

}  // namespace

PhoneHandler::PhoneHandler(const PhoneSettings& settings, PhoneOutcome& outcome,
                           runtime::WorkerServices& services)
    : settings_(settings),
      outcome_(outcome),
      services_(services),
      responder_(phone_responder_config()),
      layer_(layer_config(settings)),
      outbound_(layer_, services, [this](std::vector<Action>& actions) { execute(actions); }),
      alive_(std::make_shared<bool>(true)) {}

PhoneHandler::~PhoneHandler() {
    *alive_ = false;
}

transaction::Instant PhoneHandler::now() {
    return transaction::Instant(std::chrono::duration_cast<transaction::Duration>(
        std::chrono::steady_clock::now().time_since_epoch()));
}

void PhoneHandler::print(const std::string& line) const {
    if (settings_.print) settings_.print(line);
}

void PhoneHandler::fail(const std::string& line) {
    outcome_.failed = true;
    print("error: " + line);
}

void PhoneHandler::finish() {
    if (finished_) return;
    finished_ = true;
    if (settings_.finish) settings_.finish();
}

void PhoneHandler::start() {
    // The first hop decides which local address we are reached at (Contact, Via, SDP).
    const bool registers = settings_.mode == PhoneMode::Register ||
                           (settings_.mode == PhoneMode::Wait && settings_.register_account);
    std::string hop = registers && !settings_.account.registrar.empty()
                          ? settings_.account.registrar
                          : settings_.account.outbound_proxy;
    if (hop.empty() && settings_.mode == PhoneMode::Wait && !settings_.register_account) {
        // Nobody to send to until a call comes: the address that routes to the world
        // (a documentation address, RFC 5737; nothing is sent to it), else loopback.
        auto local = services_.local_endpoint_for({transport::Transport::Udp, "192.0.2.1", 5060});
        if (local) local_port_ = local->port;
        return begin(local ? local->ip : std::string("127.0.0.1"));
    }
    if (hop.empty()) {
        if (settings_.mode == PhoneMode::Call || settings_.mode == PhoneMode::Message) {
            hop = settings_.target;
        } else {
            hop = settings_.account.aor;
        }
    }
    auto uri = message::parse_uri(hop);
    if (!uri) {
        fail("\"" + hop + "\" is not a valid URI: " + uri.error().description());
        return finish();
    }
    auto locate = transport::locate_request_from_uri(*uri);
    if (!locate) {
        fail(hop + ": " + locate.error().description());
        return finish();
    }
    if (!locate->transport) locate->transport = settings_.account.transport;
    auto local_for = [this](const transport::Endpoint& to) {
        auto local = services_.local_endpoint_for(to);
        if (local) local_port_ = local->port;
        return local ? local->ip : std::string("127.0.0.1");
    };
    if (locate->numeric) {
        const transport::Endpoint to{
            *locate->transport, locate->target,
            locate->port.value_or(transport::default_port(*locate->transport))};
        return begin(local_for(to));
    }
    // A host name: located once here (RFC 3263), since the UA core's requests need their
    // destination at once; in-dialog requests then go to the peer's Contact.
    std::string error;
    runtime::DnsResolverConfig dns;
    dns_ = runtime::DnsResolver::create(services_.io_context(), dns, error);
    if (!dns_) {
        fail("DNS resolver: " + error);
        return finish();
    }
    print("resolving " + locate->target);
    dns_->resolve(*locate, [this, alive = alive_, host = locate->target,
                            local_for](runtime::ResolveResult result) {
        if (!*alive) return;
        if (result.targets.empty()) {
            fail("cannot resolve " + host);
            return finish();
        }
        const transport::Endpoint to = result.targets.targets().front().endpoint;
        resolved_[host] = to;
        begin(local_for(to));
    });
}

void PhoneHandler::begin(const std::string& local_ip) {
    local_ip_ = local_ip;
    if (local_port_ == 0) {
        // No route-specific answer: the port of our UDP listener for the address family.
        if (auto local = services_.local_endpoint_for({transport::Transport::Udp, local_ip, 5060}))
            local_port_ = local->port;
    }
    const PhoneAccount& a = settings_.account;
    const std::string host =
        local_ip.find(':') != std::string::npos ? "[" + local_ip + "]" : local_ip;
    const std::string sent_by = host + ":" + std::to_string(local_port_);
    std::string contact = "sip:" + user_of(a.aor) + "@" + sent_by;
    if (a.transport != transport::Transport::Udp) {
        contact += ";transport=" + std::string(transport::uri_token(a.transport));
    }

    dialog::UaConfig config;
    config.aor = a.aor;
    config.display_name = a.display_name;
    config.contact = contact;
    config.via_sent_by = sent_by;
    config.transport = a.transport;
    config.user_agent = "dialtone";
    if (!a.outbound_proxy.empty()) {
        std::string proxy = a.outbound_proxy;
        if (proxy.find(";lr") == std::string::npos) proxy += ";lr";
        config.outbound_proxy = "<" + proxy + ">";
    }
    if (!a.password.empty()) {
        auth::ClientCredentials c;
        c.username = a.username.empty() ? user_of(a.aor) : a.username;
        c.password = a.password;
        config.credentials = c;
    }
    config.session_expires = settings_.session_expires;
    config.prefer_update = settings_.prefer_update;
    config.timers = layer_.config().timers;
    auto random = std::make_shared<std::mt19937_64>(
        (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}());
    config.random = [random] { return (*random)(); };
    ua_.emplace(std::move(config));

    if (settings_.mode == PhoneMode::Register ||
        (settings_.mode == PhoneMode::Wait && settings_.register_account)) {
        RegistrationConfig r;
        r.aor = a.aor;
        r.contact = contact;
        // §10.2: the Request-URI names the AoR's domain; --registrar only says where the
        // request goes (send_register).
        if (auto uri = message::parse_uri(a.aor)) {
            r.registrar = std::string(uri->scheme_text) + ":" + std::string(uri->host.text);
        }
        r.expires = a.expires;
        if (ua_->config().credentials) r.credentials = ua_->config().credentials;
        auto id = [&random] {
            static constexpr char kHex[] = "0123456789abcdef";
            std::string out;
            std::uint64_t v = (*random)();
            for (int i = 0; i < 16; ++i, v >>= 4)
                out += kHex[v & 15];
            return out;
        };
        r.call_id = id() + id() + "@dialtone";
        r.from_tag = id();
        registration_.emplace(std::move(r));
    }
    print("local address " + sent_by + " (" + std::string(transport::uri_token(a.transport)) +
          "), contact <" + contact + ">");
    switch (settings_.mode) {
        case PhoneMode::Call:
            return place_call();
        case PhoneMode::Message:
            return send_message();
        case PhoneMode::Register:
        case PhoneMode::Wait:
            if (registration_) return send_register(registration_->refresh());
            print("waiting for calls (not registered)");
            return;
    }
}

void PhoneHandler::on_message(const runtime::Inbound& in) {
    message::ParseOptions options;
    options.max_size = responder_.config().max_message_size;
    options.datagram = !transport::is_stream(in.source.transport);
    auto parsed = Message::parse(in.bytes, options);
    auto stateless = [&] {
        const server::Outcome o = responder_.on_message(
            in.bytes, server::Peer{in.source.transport, in.source.ip, in.source.port});
        if (o.answered()) services_.send_response(in.source, o.bytes);
    };
    if (!parsed) return stateless();
    Message& m = *parsed;
    if (m.is_request()) {
        if (m.method() != Method::Ack && message::validate_request(m)) return stateless();
        stamp_top_via(m, in.source);
    }
    std::vector<Action> actions;
    current_source_ = &in.source;
    layer_.on_message(std::move(m), in.source.endpoint(), now(), actions);
    execute(actions);
    current_source_ = nullptr;
}

std::string PhoneHandler::on_framing_error(std::string_view head, const message::ParseError& error,
                                           const runtime::Source& source) {
    server::Outcome o = responder_.on_framing_error(
        head, error, server::Peer{source.transport, source.ip, source.port});
    return o.answered() ? std::move(o.bytes) : std::string();
}

runtime::SendOptions PhoneHandler::client_send_options(transaction::ClientHandle txn) {
    runtime::SendOptions options;
    options.on_failure = [this, alive = alive_, txn](const runtime::SendFailure&) {
        // Later, on the worker: the executor that sent may still be walking its actions.
        services_.post([this, alive, txn] {
            if (!*alive) return;
            std::vector<Action> out;
            layer_.on_transport_error(txn, now(), out);
            execute(out);
        });
    };
    return options;
}

void PhoneHandler::execute(std::vector<Action>& actions) {
    for (Action& a : actions) {
        if (auto* send = std::get_if<transaction::Send>(&a)) {
            const auto* server = std::get_if<transaction::ServerHandle>(&send->txn);
            auto source = server ? sources_.find(*server) : sources_.end();
            const auto* client = std::get_if<transaction::ClientHandle>(&send->txn);
            if (source != sources_.end()) {
                services_.send_response(source->second, *send->bytes);
            } else if (client != nullptr && ua_clients_.contains(*client)) {
                services_.send(send->destination, *send->bytes, client_send_options(*client));
            } else if (client != nullptr) {
                services_.send(send->destination, *send->bytes, outbound_.send_options(*client));
            } else {
                services_.send(send->destination, *send->bytes);
            }
        } else if (auto* start = std::get_if<transaction::StartTimer>(&a)) {
            layer_timers_.start(services_, start->id, start->duration);
        } else if (auto* stop = std::get_if<transaction::CancelTimer>(&a)) {
            layer_timers_.cancel(services_, stop->id);
        } else if (auto* d = std::get_if<transaction::DeliverRequest>(&a)) {
            if (current_source_ != nullptr && !sources_.contains(d->txn)) {
                sources_[d->txn] = *current_source_;
            }
            const Message& req = *d->request;
            if (req.method() == Method::Message && (!req.to().ok() || !req.to()->has_tag)) {
                answer_message(*d);
            } else if (ua_) {
                ua_input([&](auto& out) { ua_->on_request(*d, now(), out); });
            }
        } else if (auto* stray = std::get_if<transaction::Stray>(&a)) {
            // ACKs for our 2xx, and 2xx retransmissions to re-ACK (§13.2.2.4).
            if (ua_) ua_input([&](auto& out) { ua_->on_stray(*stray, now(), out); });
        } else if (outbound_.on_action(a)) {
            // REGISTER and MESSAGE: their responses, timeouts and ends.
        } else if (auto* r = std::get_if<transaction::DeliverResponse>(&a)) {
            if (r->response.status() == 100 && r->response.cseq().ok() &&
                r->response.cseq()->method == Method::Invite) {
                print("trying: 100 " + std::string(r->response.reason()));
            }
            if (ua_) ua_input([&](auto& out) { ua_->on_response(*r, now(), out); });
        } else if (auto* t = std::get_if<transaction::Timeout>(&a)) {
            if (ua_) ua_input([&](auto& out) { ua_->on_timeout(*t, now(), out); });
        } else if (auto* f = std::get_if<transaction::TransportFailure>(&a)) {
            if (ua_) ua_input([&](auto& out) { ua_->on_transport_failure(*f, now(), out); });
        } else if (auto* end = std::get_if<transaction::Terminated>(&a)) {
            if (auto* server = std::get_if<transaction::ServerHandle>(&end->txn)) {
                sources_.erase(*server);
            }
            if (auto* client = std::get_if<transaction::ClientHandle>(&end->txn)) {
                ua_clients_.erase(*client);
            }
            if (ua_) ua_->on_terminated(*end);
        }
    }
}

std::optional<transport::Endpoint> PhoneHandler::destination(std::string_view uri) const {
    if (auto literal = dialog::literal_destination(uri, settings_.account.transport)) {
        return literal;
    }
    auto parsed = message::parse_uri(uri);
    if (!parsed) return std::nullopt;
    auto locate = transport::locate_request_from_uri(*parsed);
    if (!locate) return std::nullopt;
    auto it = resolved_.find(locate->target);
    if (it == resolved_.end()) return std::nullopt;
    transport::Endpoint to = it->second;
    if (locate->port) to.port = *locate->port;
    return to;
}

void PhoneHandler::send_ua_request(dialog::SendRequest& r, std::vector<dialog::UaAction>& more) {
    auto to = destination(r.next_hop);
    std::vector<Action> out;
    if (!to) {
        spdlog::warn("event=no_destination next_hop={}", r.next_hop);
        ua_->on_request_failed(r.token, now(), more);
        return;
    }
    auto txn = layer_.send_request(std::move(r.request), *to, now(), out);
    if (!txn) {
        ua_->on_request_failed(r.token, now(), more);
        return;
    }
    ua_->on_request_started(r.token, *txn);
    ua_clients_[*txn] = true;
    execute(out);
}

void PhoneHandler::run_ua(std::vector<dialog::UaAction>& actions) {
    for (std::size_t i = 0; i < actions.size(); ++i) {
        dialog::UaAction a = std::move(actions[i]);
        if (auto* r = std::get_if<dialog::SendRequest>(&a)) {
            std::vector<dialog::UaAction> more;
            send_ua_request(*r, more);
            run_ua(more);
        } else if (auto* s = std::get_if<dialog::SendResponse>(&a)) {
            std::vector<Action> out;
            layer_.send_response(s->txn, std::move(s->response), now(), out);
            execute(out);
        } else if (auto* ack = std::get_if<dialog::SendAck>(&a)) {
            auto to = destination(ack->next_hop);
            if (!to) continue;
            std::vector<Action> out;
            layer_.send_stateless(ack->ack, *to, out);
            execute(out);
        } else if (auto* t = std::get_if<dialog::StartTimer>(&a)) {
            ua_timers_.start(services_, t->id, t->duration);
        } else if (auto* c = std::get_if<dialog::CancelTimer>(&a)) {
            ua_timers_.cancel(services_, c->id);
        } else {
            on_ua_event(a);
        }
    }
    actions.clear();
}

std::uint64_t PhoneHandler::after(std::chrono::nanoseconds delay, std::function<void()> fn) {
    const std::uint64_t id = next_timer_++;
    app_timers_[id] = std::move(fn);
    services_.start_timer(id, delay);
    return id;
}

void PhoneHandler::cancel(std::uint64_t id) {
    if (app_timers_.erase(id) != 0) services_.cancel_timer(id);
}

void PhoneHandler::on_timer(std::uint64_t id) {
    if (auto timer = layer_timers_.fired(id)) {
        std::vector<Action> out;
        layer_.on_timer(*timer, now(), out);
        return execute(out);
    }
    if (auto timer = ua_timers_.fired(id)) {
        if (ua_) ua_input([&](auto& out) { ua_->on_timer(*timer, now(), out); });
        return;
    }
    if (auto it = app_timers_.find(id); it != app_timers_.end()) {
        std::function<void()> fn = std::move(it->second);
        app_timers_.erase(it);
        fn();
    }
}

void PhoneHandler::begin_drain() {
    if (draining_) return;
    draining_ = true;
    hang_up_all();
    if (registration_ && registration_->state() == RegistrationState::Registered) {
        print("unregistering");
        send_register(registration_->unregister());
    }
}

std::size_t PhoneHandler::work_in_flight() const {
    return calls_.size() + lingering_ + (register_pending_ ? 1 : 0) + (message_pending_ ? 1 : 0);
}

runtime::HandlerFactory phone_handlers(const PhoneSettings& settings, PhoneOutcome& outcome,
                                       PhoneHandler*& made) {
    return [&settings, &outcome,
            &made](runtime::WorkerServices& services) -> std::unique_ptr<runtime::MessageHandler> {
        auto h = std::make_unique<PhoneHandler>(settings, outcome, services);
        made = h.get();
        return h;
    };
}

}  // namespace dialtone::ua
