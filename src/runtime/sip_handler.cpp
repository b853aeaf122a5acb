#include "runtime/sip_handler.hpp"

#include <chrono>
#include <utility>
#include <variant>

#include <spdlog/spdlog.h>

#include "dialtone/sip/message/validate.hpp"
#include "runtime/log_value.hpp"
#include "runtime/outcome_log.hpp"
#include "server/via_stamp.hpp"

namespace dialtone::runtime {

namespace {

using message::Message;
using message::Method;
using transaction::Action;

// The handler whose core is handling a request on this thread right now. An answer given
// while it is set came synchronously, on the worker; any other came from another thread
// (the location journal's). The handler is made on the thread that starts the server, so
// it cannot compare thread ids it learnt at birth, and a late answer must not read the
// handler it may outlive.
thread_local const void* answering_inline = nullptr;

class AnsweringInline {
  public:
    explicit AnsweringInline(const void* handler)
        : outer_(std::exchange(answering_inline, handler)) {}
    ~AnsweringInline() { answering_inline = outer_; }
    AnsweringInline(const AnsweringInline&) = delete;
    AnsweringInline& operator=(const AnsweringInline&) = delete;

  private:
    const void* outer_;
};

constexpr std::uint64_t kSweepTimer = ~std::uint64_t{0};
constexpr std::uint64_t kUsersTimer = ~std::uint64_t{0} - 1;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string source_text(const Source& s) {
    return std::string(transport::uri_token(s.transport)) + ":" + s.ip + ":" +
           std::to_string(s.port);
}

server::Peer peer_of(const Source& s) {
    return server::Peer{s.transport, s.ip, s.port};
}

// RFC 3261 §18.2.1 / RFC 3581 §4: the server notes on the top Via where the request really
// came from, so every response (and the transaction layer's §18.2.2 choice) uses it.
void stamp_top_via(Message& request, const Source& from) {
    auto vias = request.values(message::HeaderId::Via);
    std::string_view top;
    if (!vias.next(top)) return;
    if (auto stamped = server::stamp_via(top, from.ip, from.port)) {
        request.pop_via();
        request.push_via(*stamped);
    }
}

}  // namespace

SipHandler::SipHandler(const SipHandlerShared& shared, WorkerServices& services,
                       std::shared_ptr<auth::NonceCountTable> nonce_counts)
    : shared_(shared),
      services_(services),
      layer_([&] {
          transaction::LayerConfig c = shared.layer;
          // Branches unique across workers: each draws from its own sequence.
          c.seed ^= static_cast<std::uint64_t>(services.worker_index() + 1) * 0x9e3779b97f4a7c15ULL;
          return c;
      }()),
      users_(shared.users ? shared.users->current() : nullptr),
      digest_(shared.nonce_key,
              users_ ? static_cast<const auth::CredentialLookup&>(*users_) : no_users_,
              [&] {
                  auth::DigestServerConfig c;
                  // Nonces minted on different workers stay distinct (NonceMinter).
                  c.nonce_sequence_start = static_cast<std::uint64_t>(services.worker_index())
                                           << 48;
                  c.offer_sha256 = shared.offer_sha256;
                  c.offer_md5 = shared.offer_md5;
                  c.nonce_lifetime = shared.nonce_lifetime;
                  c.shared_counts = std::move(nonce_counts);
                  return c;
              }()),
      registrar_(shared.registrar, shared.location ? *shared.location : no_location_, &digest_),
      core_(*shared.responder, shared.registrar_enabled ? &registrar_ : nullptr, shared.tag_secret),
      outbound_(
          layer_, services, [this](std::vector<Action>& actions) { execute(actions); },
          shared.outbound),
      mailbox_(std::make_shared<Mailbox>()),
      sources_(kExpectedTimers),
      timers_(0, kExpectedTimers) {
    mailbox_->services = &services_;
    if (shared_.proxy) {
        proxy_ = std::make_unique<ProxyRunner>(
            *shared_.proxy, layer_, services_, [this](std::vector<Action>& a) { execute(a); },
            [this](transaction::ServerHandle txn, Message r) { answer(txn, std::move(r)); },
            shared_.location, &current_users_, &digest_);
    }
    if (shared_.registrar_enabled && shared_.location && services_.worker_index() == 0) {
        services_.start_timer(kSweepTimer, shared_.sweep_interval);
    }
    if (shared_.users) services_.start_timer(kUsersTimer, shared_.users_check_interval);
}

SipHandler::~SipHandler() {
    std::lock_guard lock(mailbox_->mutex);
    mailbox_->services = nullptr;
}

transaction::Instant SipHandler::now() {
    return transaction::Instant(std::chrono::duration_cast<transaction::Duration>(
        std::chrono::steady_clock::now().time_since_epoch()));
}

void SipHandler::stateless(const Inbound& message) {
    const server::Outcome outcome =
        shared_.responder->on_message(message.bytes, peer_of(message.source));
    log_outcome(message.source.transport, message.source.ip, message.source.port, message.bytes,
                outcome);
    if (outcome.answered()) services_.send_response(message.source, outcome.bytes);
}

void SipHandler::on_message(const Inbound& in) {
    message::ParseOptions options;
    options.max_size = shared_.responder->config().max_message_size;
    options.datagram = !transport::is_stream(in.source.transport);
    auto parsed = Message::parse(in.bytes, options);
    if (!parsed) return stateless(in);  // answered from its readable head, if any
    Message& m = *parsed;
    if (m.is_request()) {
        // Requests the proxy takes are checked by its §16.3 rules (a proxy ignores Require
        // and bodies, checks Proxy-Require) inside their transaction.
        const bool proxied = proxy_ && !draining_ && m.method() != Method::Ack &&
                             m.method() != Method::Cancel && ProxyRunner::takes(m);
        // Broken requests are answered statelessly (their retransmissions get the same
        // answer again); only valid ones start transactions.
        if (!proxied && m.method() != Method::Ack && message::validate_request(m)) {
            return stateless(in);
        }
        stamp_top_via(m, in.source);
        if (proxied && proxy_->on_stateless_request(m, in.source)) return;
        if (m.method() == Method::Ack) {
            // Never answered: absorbed by its INVITE transaction, or the end-to-end ACK of
            // a 2xx, which a server without dialogs drops (§17.1.1.3).
            server::Outcome o;
            o.disposition = server::Disposition::AckAbsorbed;
            o.method = "ACK";
            log_outcome(in.source.transport, in.source.ip, in.source.port, in.bytes, o);
        }
    }
    std::vector<Action> actions;
    current_source_ = &in.source;
    layer_.on_message(std::move(m), in.source.endpoint(), now(), actions);
    execute(actions);
    current_source_ = nullptr;
}

std::string SipHandler::on_framing_error(std::string_view head, const message::ParseError& error,
                                         const Source& source) {
    server::Outcome outcome = shared_.responder->on_framing_error(head, error, peer_of(source));
    log_outcome(source.transport, source.ip, source.port, head, outcome);
    return outcome.answered() ? std::move(outcome.bytes) : std::string();
}

void SipHandler::execute(std::vector<Action>& actions) {
    for (Action& a : actions) {
        if (auto* send = std::get_if<transaction::Send>(&a)) {
            const auto* server = std::get_if<transaction::ServerHandle>(&send->txn);
            const Source* source = server ? sources_.find(*server) : nullptr;
            const auto* client = std::get_if<transaction::ClientHandle>(&send->txn);
            std::optional<SendOptions> proxied;
            if (client != nullptr && proxy_) proxied = proxy_->send_options(*client);
            if (source != nullptr) {
                services_.send_response(*source, *send->bytes);
            } else if (proxied) {
                services_.send(send->destination, *send->bytes, std::move(*proxied));
            } else if (client != nullptr) {
                services_.send(send->destination, *send->bytes, outbound_.send_options(*client));
            } else {
                services_.send(send->destination, *send->bytes);
            }
        } else if (auto* start = std::get_if<transaction::StartTimer>(&a)) {
            timers_.start(services_, start->id, start->duration);
        } else if (auto* cancel = std::get_if<transaction::CancelTimer>(&a)) {
            timers_.cancel(services_, cancel->id);
        } else if (auto* d = std::get_if<transaction::DeliverRequest>(&a)) {
            deliver(*d);
        } else if (proxy_ && proxy_->on_action(a)) {
            // One of the proxy's branches, or a response or ACK outside any transaction.
        } else if (outbound_.on_action(a)) {
            // A client transaction's response, timeout, transport error or end.
        } else if (auto* t = std::get_if<transaction::Terminated>(&a)) {
            if (auto* server = std::get_if<transaction::ServerHandle>(&t->txn)) {
                sources_.erase(*server);
            }
        }
    }
}

void SipHandler::deliver(transaction::DeliverRequest& d) {
    const Message& req = *d.request;
    if (current_source_ != nullptr && sources_.find(d.txn) == nullptr) {
        sources_.set(d.txn, *current_source_);
    }
    if (req.method() == Method::Ack) {
        // An ACK in Accepted: the ACK for a 2xx the proxy forwarded goes on end to end.
        if (proxy_ && current_source_ != nullptr) proxy_->on_ack(req, current_source_->endpoint());
        return;
    }
    if (req.method() == Method::Cancel && proxy_ && proxy_->on_cancel(d)) return;
    if (req.method() == Method::Cancel) {
        // §9.2: answer the CANCEL, and the INVITE it cancels with 487 if still unanswered.
        const bool matched = static_cast<bool>(d.cancels);
        answer(d.txn, core_.answer_cancel(req, matched));
        if (matched) {
            if (auto invite = layer_.request(d.cancels)) {
                answer(d.cancels, core_.request_terminated(*invite));
            }
        }
        return;
    }
    const Source from = current_source_ ? *current_source_ : Source{};
    if (proxy_ && !draining_ && ProxyRunner::takes(req)) return proxy_->on_request(d, from);
    if (spdlog::should_log(spdlog::level::debug)) {
        // One line per request the server takes on, so a test (or an operator) can check
        // that each one was answered, a graceful stop included.
        auto cseq = req.cseq();
        spdlog::debug("event=request_accepted method={} call_id={} cseq={}",
                      log_value(req.method_text()), log_value(req.call_id()),
                      cseq ? cseq->number : 0);
    }
    ++awaiting_answers_;
    const transaction::ServerHandle txn = d.txn;
    const AnsweringInline inline_answers(this);
    core_.on_request(
        d.request, source_text(from), wall_ms(), [this, txn, box = mailbox_](Message response) {
            if (answering_inline == this) {
                --awaiting_answers_;
                const int status = response.status();
                return answer(txn, std::move(response), status == 401 || status == 407);
            }
            // From the location journal's thread: back to this worker.
            std::lock_guard lock(box->mutex);
            if (box->services == nullptr) return;  // the worker is gone
            box->pending.emplace_back(txn, std::move(response));
            if (box->pending.size() == 1) box->services->post([this] { take_mail(); });
        });
}

void SipHandler::take_mail() {
    std::vector<std::pair<transaction::ServerHandle, Message>> mail;
    {
        std::lock_guard lock(mailbox_->mutex);
        mail.swap(mailbox_->pending);
    }
    for (auto& [txn, response] : mail) {
        --awaiting_answers_;
        answer(txn, std::move(response));
    }
}

void SipHandler::answer(transaction::ServerHandle txn, Message response, bool challenge) {
    if (const Source* source = sources_.find(txn);
        source != nullptr && spdlog::should_log(spdlog::level::debug)) {
        server::Outcome o;
        o.disposition = server::Disposition::Answered;
        o.status = response.status();
        if (auto request = layer_.request(txn)) o.method = std::string(request->method_text());
        log_outcome(source->transport, source->ip, source->port, {}, o);
    }
    std::vector<Action> actions;
    const int status = response.status();
    const auto result = challenge
                            ? layer_.send_final_and_forget(txn, std::move(response), now(), actions)
                            : layer_.send_response(txn, std::move(response), now(), actions);
    if (result != transaction::ResponseResult::Sent) {
        spdlog::debug("event=response_not_sent status={} result={}", status,
                      static_cast<int>(result));
    }
    execute(actions);
}

void SipHandler::on_timer(std::uint64_t id) {
    if (id == kSweepTimer) {
        shared_.location->sweep(wall_ms() / 1000);
        services_.start_timer(kSweepTimer, shared_.sweep_interval);
        return;
    }
    if (id == kUsersTimer) {
        refresh_users();
        services_.start_timer(kUsersTimer, shared_.users_check_interval);
        return;
    }
    if (ProxyRunner::owns_timer(id)) {
        if (proxy_) proxy_->on_timer(id);
        return;
    }
    auto timer = timers_.fired(id);
    if (!timer) return;
    std::vector<Action> actions;
    layer_.on_timer(*timer, now(), actions);
    execute(actions);
}

void SipHandler::refresh_users() {
    auto latest = shared_.users->current();
    if (latest && latest != users_) {
        users_ = std::move(latest);
        digest_.set_users(*users_);
    }
}

void SipHandler::begin_drain() {
    draining_ = true;
    core_.set_draining(true);
}

std::size_t SipHandler::work_in_flight() const {
    // Requests accepted but not answered yet, and requests sent that await their final
    // response. Transactions that have answered and only wait to absorb retransmissions
    // (Timer J, I) would hold a shutdown for 32 s for nothing the caller is owed, so they do
    // not count.
    return awaiting_answers_ + outbound_.in_flight() + (proxy_ ? proxy_->in_flight() : 0);
}

HandlerFactory sip_handlers(const SipHandlerShared& shared) {
    // One nonce-count table for all workers: a replayed Authorization is caught whichever
    // worker it reaches.
    auto counts = std::make_shared<auth::NonceCountTable>(shared.nonce_lifetime);
    return [&shared, counts](WorkerServices& services) -> std::unique_ptr<MessageHandler> {
        return std::make_unique<SipHandler>(shared, services, counts);
    };
}

}  // namespace dialtone::runtime
