#include "server/core.hpp"

#include "server/make_response.hpp"
#include "server/stateless_tag.hpp"

namespace dialtone::server {

using message::HeaderId;
using message::Message;
using message::Method;

std::string Core::to_tag(const Message& request) const {
    // The tag is a keyed hash of the request, so a retransmission answered again (or a
    // request answered by another worker after a restart) carries the same To tag.
    return stateless_tag(echo_of(request), tag_secret_);
}

Message Core::respond(const Message& request, int status, std::string_view reason) const {
    Message r = make_response(request, status, reason, to_tag(request));
    if (!responder_.config().server.empty()) {
        r.add_header(HeaderId::Server, responder_.config().server);
    }
    return r;
}

void Core::on_request(std::shared_ptr<const Message> request, const std::string& source,
                      std::int64_t wall_ms, Reply reply) {
    const Message& req = *request;
    if (draining_) {
        Message r = respond(req, 503, "Service Unavailable (shutting down)");
        r.add_header(HeaderId::RetryAfter, "5");
        return reply(std::move(r));
    }
    switch (req.method()) {
        case Method::Options: {
            // §11.2: the capabilities of the server.
            Message r = respond(req, 200);
            responder_.add_capabilities(r);
            return reply(std::move(r));
        }
        case Method::Register:
            if (registrar_ != nullptr) {
                const std::string tag = to_tag(req);
                const std::string server = responder_.config().server;
                return registrar_->handle(std::move(request), source, wall_ms, tag,
                                          [reply = std::move(reply), server](Message r) {
                                              if (!server.empty())
                                                  r.add_header(HeaderId::Server, server);
                                              reply(std::move(r));
                                          });
            }
            break;
        default:
            break;
    }
    // §21.5.2: a method this server does not implement; Allow says what it does.
    Message r = respond(req, 501);
    r.add_header(HeaderId::Allow, responder_.config().allow);
    reply(std::move(r));
}

Message Core::answer_cancel(const Message& cancel, bool matched) const {
    // §9.2: 200 for a CANCEL that matched, 481 Call/Transaction Does Not Exist otherwise.
    return matched ? respond(cancel, 200) : respond(cancel, 481);
}

Message Core::request_terminated(const Message& invite) const {
    return respond(invite, 487);
}

}  // namespace dialtone::server
