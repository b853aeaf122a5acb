#include "runtime/responder_handler.hpp"

#include <utility>

#include "runtime/outcome_log.hpp"

namespace dialtone::runtime {

void ResponderHandler::on_message(const Inbound& message) {
    const Source& from = message.source;
    const server::Peer peer{from.transport, from.ip, from.port};
    server::Outcome outcome = responder_.on_message(message.bytes, peer);
    log_outcome(from.transport, from.ip, from.port, message.bytes, outcome);
    if (outcome.answered()) services_.send_response(from, std::move(outcome.bytes));
}

std::string ResponderHandler::on_framing_error(std::string_view head,
                                               const message::ParseError& error,
                                               const Source& source) {
    const server::Peer peer{source.transport, source.ip, source.port};
    server::Outcome outcome = responder_.on_framing_error(head, error, peer);
    log_outcome(source.transport, source.ip, source.port, head, outcome);
    return outcome.answered() ? std::move(outcome.bytes) : std::string();
}

HandlerFactory responder_handlers(std::shared_ptr<const server::Responder> responder) {
    return [responder](WorkerServices& services) -> std::unique_ptr<MessageHandler> {
        // The handler keeps a reference; the factory (held by the Server) keeps it alive.
        return std::make_unique<ResponderHandler>(*responder, services);
    };
}

}  // namespace dialtone::runtime
