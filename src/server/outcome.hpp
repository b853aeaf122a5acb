#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace dialtone::server {

// What the responder decided about one received message.
enum class Disposition : std::uint8_t {
    Answered,         // `bytes` holds the response to send back
    AckAbsorbed,      // an ACK: never answered (RFC 3261 §17.1.1.3, §8.2.7)
    ResponseIgnored,  // a response: a server without client transactions drops it
    Unanswerable,     // could not be read well enough to answer (§18): dropped
};

struct Outcome {
    Disposition disposition = Disposition::Unanswerable;
    std::string bytes;   // the serialized response when Answered, else empty
    int status = 0;      // status sent, 0 when nothing was sent
    std::string method;  // request method as written, when it could be read
    std::string error;   // what was wrong with the request, when it was bad

    bool answered() const { return disposition == Disposition::Answered; }
};

std::string_view disposition_name(Disposition d);

}  // namespace dialtone::server
