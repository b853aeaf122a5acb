#pragma once
// The transaction user of `dialtone serve` (DESIGN.md §2.6): every request a server
// transaction delivers goes through the stages in order — OPTIONS answered here, REGISTER
// to the registrar, CANCEL matched to its INVITE, everything else 501 until the proxy
// issue — and comes back as a response for that transaction. Sans-I/O: the caller gives
// the time and carries the answers out.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "dialtone/sip/message/message.hpp"
#include "server/registrar.hpp"
#include "server/responder.hpp"

namespace dialtone::server {

class Core {
  public:
    using Reply = std::function<void(message::Message response)>;

    // `responder` gives the capabilities and Server header; `registrar` may be null (no
    // registrar: REGISTER gets 501). Both must outlive the core.
    Core(const Responder& responder, Registrar* registrar, std::uint64_t tag_secret)
        : responder_(responder), registrar_(registrar), tag_secret_(tag_secret) {}

    // A valid request from a new server transaction (not ACK, not CANCEL). `reply` may be
    // called later and from another thread (the registrar answers once a binding is on
    // disk); the caller hands it back to the transaction's worker.
    void on_request(std::shared_ptr<const message::Message> request, const std::string& source,
                    std::int64_t wall_ms, Reply reply);

    // The answer to a CANCEL (§9.2): 200 when it matched an INVITE server transaction, else
    // 481. When it matched, the INVITE itself is answered 487 by the caller.
    message::Message answer_cancel(const message::Message& cancel, bool matched) const;
    // 487 Request Terminated for a cancelled INVITE (§9.2).
    message::Message request_terminated(const message::Message& invite) const;

    // While draining (graceful shutdown) new requests get 503 with Retry-After (§21.5.4).
    void set_draining(bool draining) { draining_ = draining; }

  private:
    message::Message respond(const message::Message& request, int status,
                             std::string_view reason = {}) const;
    std::string to_tag(const message::Message& request) const;

    const Responder& responder_;
    Registrar* registrar_;
    std::uint64_t tag_secret_;
    bool draining_ = false;
};

}  // namespace dialtone::server
