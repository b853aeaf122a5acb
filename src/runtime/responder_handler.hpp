#pragma once
// The stateless responder (src/server) as a worker's MessageHandler, until the transaction
// layer takes its place: each message is answered at once, so nothing is ever in flight.

#include <memory>
#include <string>
#include <string_view>

#include "runtime/message_handler.hpp"
#include "server/responder.hpp"

namespace dialtone::runtime {

class ResponderHandler : public MessageHandler {
  public:
    // `responder` is shared by every worker: its calls are const and keep no state.
    ResponderHandler(const server::Responder& responder, WorkerServices& services)
        : responder_(responder), services_(services) {}

    void on_message(const Inbound& message) override;
    std::string on_framing_error(std::string_view head, const message::ParseError& error,
                                 const Source& source) override;

  private:
    const server::Responder& responder_;
    WorkerServices& services_;
};

// A factory for Server: one ResponderHandler per worker around `responder`.
HandlerFactory responder_handlers(std::shared_ptr<const server::Responder> responder);

}  // namespace dialtone::runtime
