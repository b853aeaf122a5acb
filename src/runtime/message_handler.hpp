#pragma once
// The sans-I/O side of `dialtone serve` as the runtime sees it. There is one handler per
// worker, made by a HandlerFactory and only ever called on that worker's thread, so it
// needs no locks (DESIGN.md §2.5): every message reaches the handler of the worker that
// owns its Call-ID.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"
#include "runtime/inbound.hpp"
#include "runtime/worker_services.hpp"

namespace dialtone::runtime {

class MessageHandler {
  public:
    virtual ~MessageHandler() = default;

    // A whole message from the network.
    virtual void on_message(const Inbound& message) = 0;

    // A stream's framing failed (RFC 3261 §18.3: bad Content-Length, too large). Called on
    // the worker that owns the connection, which is closed after the returned bytes (an
    // answer built from `head`, or nothing) are written. `head` holds the octets of the
    // failing message read so far.
    virtual std::string on_framing_error(std::string_view head, const message::ParseError& error,
                                         const Source& source) = 0;

    // A timer started with WorkerServices::start_timer fired.
    virtual void on_timer(std::uint64_t /*id*/) {}

    // Graceful stop. The runtime calls begin_drain() once, then polls work_in_flight()
    // (transactions still alive) until it is 0 or the grace period ends; meanwhile messages
    // keep arriving, so ACKs, CANCELs and retransmissions still reach their transactions,
    // and a handler may refuse new ones (503, §21.5.4). No new connections are accepted.
    virtual void begin_drain() {}
    virtual std::size_t work_in_flight() const { return 0; }
};

using HandlerFactory = std::function<std::unique_ptr<MessageHandler>(WorkerServices&)>;

}  // namespace dialtone::runtime
