#pragma once
// The transactional side of `dialtone serve` on one worker: bytes from the network go through
// the RFC 3261 §17 transaction layer, whose actions this handler carries out (sends, timers on
// the worker's wheel) and whose deliveries go to the transaction user (server::Core). Requests
// that cannot be read or validated are answered statelessly by the Responder, as before.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dialtone/sip/auth/credential_map.hpp"
#include "dialtone/sip/auth/digest_server.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "runtime/message_handler.hpp"
#include "runtime/outbound_requests.hpp"
#include "runtime/proxy_runner.hpp"
#include "runtime/transaction_sources.hpp"
#include "runtime/transaction_timer_ids.hpp"
#include "runtime/user_directory.hpp"
#include "server/core.hpp"
#include "server/registrar.hpp"
#include "server/responder.hpp"
#include "store/location_service.hpp"

namespace dialtone::runtime {

// What every worker's handler shares: immutable, or thread-safe.
struct SipHandlerShared {
    std::shared_ptr<const server::Responder> responder;
    transaction::LayerConfig layer;
    std::uint64_t tag_secret = 0;
    // The registrar, when serving one (else REGISTER gets 501).
    bool registrar_enabled = false;
    server::RegistrarConfig registrar;
    store::LocationService* location = nullptr;
    UserDirectory* users = nullptr;
    auth::NonceKey nonce_key;
    // Challenge algorithms (RFC 8760): SHA-256 first, then MD5, unless the operator turns one
    // off for clients that answer only the first challenge and know only MD5 (SIPp 3.6).
    bool offer_sha256 = true;
    bool offer_md5 = true;
    // How long a nonce is accepted before the client is sent stale=true (RFC 7616 §3.3).
    auth::Duration nonce_lifetime = std::chrono::minutes(5);
    // Requests this element sends (RFC 3263 location, failover).
    OutboundConfig outbound;
    // The proxy (RFC 3261 §16) for every request that is not for this element itself; null:
    // those get 501.
    std::shared_ptr<const ProxyShared> proxy;
    // How often expired bindings are swept and the user table checked for changes.
    std::chrono::milliseconds sweep_interval{std::chrono::seconds(30)};
    std::chrono::milliseconds users_check_interval{std::chrono::seconds(2)};
};

class SipHandler final : public MessageHandler {
  public:
    // `nonce_counts`: the digest nonce-count table shared by all workers of a server; null
    // for one of the handler's own.
    SipHandler(const SipHandlerShared& shared, WorkerServices& services,
               std::shared_ptr<auth::NonceCountTable> nonce_counts = nullptr);
    ~SipHandler() override;

    void on_message(const Inbound& message) override;
    std::string on_framing_error(std::string_view head, const message::ParseError& error,
                                 const Source& source) override;
    void on_timer(std::uint64_t id) override;
    void begin_drain() override;
    std::size_t work_in_flight() const override;

    // Sends requests as a client (RFC 3263 failover); on this worker's thread only.
    OutboundRequests& outbound() { return outbound_; }

  private:
    // Hands answers that arrive on other threads (the location journal's) back to this
    // worker; outlives the handler so a late answer finds it gone instead of dangling.
    // Answers wait in `pending` and one post() carries all that arrived since the last one,
    // so a group commit of many registrations wakes the worker once, not once each.
    struct Mailbox {
        std::mutex mutex;
        WorkerServices* services = nullptr;
        std::vector<std::pair<transaction::ServerHandle, message::Message>> pending;
    };
    void take_mail();

    // The users table of the moment, for a reader that keeps one pointer (the proxy) while
    // refresh_users swaps tables.
    class CurrentUsers final : public auth::CredentialLookup {
      public:
        explicit CurrentUsers(const SipHandler& h) : handler_(h) {}
        const auth::UserCredentials* find(std::string_view user,
                                          std::string_view realm) const override {
            return handler_.users_ ? handler_.users_->find(user, realm) : nullptr;
        }

      private:
        const SipHandler& handler_;
    };

    void stateless(const Inbound& message);
    void execute(std::vector<transaction::Action>& actions);
    void deliver(transaction::DeliverRequest& d);
    // `challenge`: the server's own 401/407 to a request it handles itself, sent as a
    // stateless UAS would (§8.2.7), so unauthenticated requests leave no transaction behind.
    void answer(transaction::ServerHandle txn, message::Message response, bool challenge = false);
    void refresh_users();
    static transaction::Instant now();

    const SipHandlerShared& shared_;
    WorkerServices& services_;
    transaction::TransactionLayer layer_;
    std::shared_ptr<const auth::CredentialMap> users_;
    auth::CredentialMap no_users_;
    auth::DigestServer digest_;
    store::LocationService no_location_;  // stands in when there is no registrar
    server::Registrar registrar_;
    server::Core core_;
    OutboundRequests outbound_;
    CurrentUsers current_users_{*this};
    std::unique_ptr<ProxyRunner> proxy_;
    std::shared_ptr<Mailbox> mailbox_;
    // Where each live server transaction's request came from: its responses go back there
    // (§18.2.2), over the same connection while it is open.
    TransactionSources sources_;
    TransactionTimerIds timers_;
    // The source of the message being handled, for the DeliverRequest it causes.
    const Source* current_source_ = nullptr;
    std::size_t awaiting_answers_ = 0;
    bool draining_ = false;
};

// A factory for Server: one SipHandler per worker around `shared`, which must outlive it.
HandlerFactory sip_handlers(const SipHandlerShared& shared);

}  // namespace dialtone::runtime
