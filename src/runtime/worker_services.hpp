#pragma once
// What a worker offers the code that handles messages on it (the responder today, the
// transaction glue later): sending, a timer facility, and a way back onto the worker's
// thread. Every call but post() is made on the worker's own thread; the runtime hands work
// for other workers over to them.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dialtone/sip/transport/endpoint.hpp"
#include "runtime/inbound.hpp"

namespace dialtone::runtime {

// A send that failed, reported back on the worker that asked for it (the input a
// transaction needs for RFC 3261 §17.1.4 / §17.2.4 transport errors).
// The transactions (and as many timers) a worker's tables are sized for from the start.
// Finished non-INVITE transactions wait out Timer J for 32 s, so at a few thousand requests
// a second a worker holds tens of thousands; growing the hash tables to that size one
// rehash at a time cost 4% of the CPU of a five-second REGISTER run.
inline constexpr std::size_t kExpectedTimers = std::size_t{1} << 16;

struct SendFailure {
    transport::Endpoint to;
    std::string reason;
};

struct SendOptions {
    // The target came from a sips: URI: only a secure transport may carry it (§26.2.2).
    bool secure_only = false;
    // TLS: the name to send as SNI and to check the server certificate against; empty
    // checks the certificate against the IP address.
    std::string tls_server_name;
    // Called, on the sending worker, when the message could not be sent.
    std::function<void(const SendFailure&)> on_failure;
};

class WorkerServices {
  public:
    virtual ~WorkerServices() = default;

    virtual std::size_t worker_index() const = 0;
    virtual std::size_t worker_count() const = 0;

    // Sends a response back the way RFC 3261 §18.2.2 says: over the connection the request
    // came on while it is open, else to the top Via's received / rport / sent-by. For UDP
    // it leaves from the socket the request arrived on, so its source port is the
    // listening port (§18.1.1).
    virtual void send_response(const Source& request_source, std::string bytes,
                               std::function<void(const SendFailure&)> on_failure = {}) = 0;

    // Sends a message to `to`. UDP leaves from a listening socket of the same address
    // family. TCP/TLS reuse an open connection to `to` or open one (a client connection
    // that is also read from, so answers arriving on it come back as messages).
    virtual void send(const transport::Endpoint& to, std::string bytes,
                      SendOptions options = {}) = 0;

    // Timers for the sans-I/O layers (StartTimer / CancelTimer), keyed by an id of the
    // caller's choosing; MessageHandler::on_timer gets the id when one fires.
    virtual void start_timer(std::uint64_t id, std::chrono::nanoseconds delay) = 0;
    virtual bool cancel_timer(std::uint64_t id) = 0;

    // The worker's event loop, for components that run their own I/O on it (the DNS
    // resolver of OutboundRequests). Use it from the worker's thread only.
    virtual boost::asio::io_context& io_context() = 0;

    // The address and port a request sent to `to` leaves from, as its Via sent-by
    // (RFC 3261 §18.1.1): the listening UDP socket of `to`'s address family (TCP and TLS
    // use the same port, §18.2.1), and for a socket bound to a wildcard address the local
    // address the kernel routes `to` from. Port 0 when there is no UDP socket of that
    // family; nullopt when `to` cannot be routed.
    virtual std::optional<transport::Endpoint> local_endpoint_for(
        const transport::Endpoint& to) = 0;

    // Thread-safe, the one member that is: runs `fn` later on this worker's thread (for
    // answers that come back from another thread, such as a storage or DNS callback). A
    // function posted after the worker has stopped is dropped without being run.
    virtual void post(std::function<void()> fn) = 0;
};

}  // namespace dialtone::runtime
