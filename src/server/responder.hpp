#pragma once
// The first Dialtone server, sans-I/O (DESIGN.md §2.1): bytes, transport and source address
// in; the response to send back (or nothing) out. It keeps no state between messages, so
// it is a stateless UAS (RFC 3261 §8.2.7): OPTIONS gets 200 with its capabilities, ACK is
// absorbed, every other method gets 501, malformed requests get the parse error's status.
// Responses go back the way §18.2.2 says; the runtime sends `bytes` over UDP to the
// packet's source or over the TCP connection the request came on.

#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/parse_error.hpp"
#include "server/outcome.hpp"
#include "server/peer.hpp"
#include "server/request_echo.hpp"
#include "server/responder_config.hpp"

namespace dialtone::server {

class Responder {
  public:
    explicit Responder(ResponderConfig config);

    // One whole message: a UDP datagram, or a message the stream framer cut from TCP.
    // Framing follows `from.transport` (§18.3).
    Outcome on_message(std::string_view bytes, const Peer& from) const;

    // The stream framer gave up (bad Content-Length, message too large): answer `error`
    // from the bytes buffered so far when they hold a readable request head. The runtime
    // closes the connection after sending it.
    Outcome on_framing_error(std::string_view buffered, const message::ParseError& error,
                             const Peer& from) const;

    const ResponderConfig& config() const { return config_; }

    // Allow, Accept, Accept-Encoding, Accept-Language and Supported: what OPTIONS answers
    // advertise (§11.2).
    void add_capabilities(message::Message& response) const;

  private:
    // Answers a request that failed to parse from its readable head (see salvage.hpp).
    // `complete`: the bytes are a whole message, not the head of one cut short.
    Outcome answer_unparsable(std::string_view bytes, const message::ParseError& error,
                              const Peer& from, bool complete) const;
    Outcome handle_request(const message::Message& request, const Peer& from) const;
    // make_response plus received/rport on the top Via (RFC 3261 §18.2.1, RFC 3581 §4).
    message::Message build(const RequestEcho& request, int status, std::string_view reason,
                           const Peer& from) const;
    // Adds the Server header and serializes.
    Outcome finish(message::Message& response, std::string_view method) const;

    ResponderConfig config_;
};

}  // namespace dialtone::server
