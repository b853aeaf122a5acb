#pragma once
// SIP messages for tests, written as text and parsed, so they reach a layer the way messages
// from the wire do.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transport/endpoint.hpp"

namespace dialtone::test {

struct RequestSpec {
    std::string method = "OPTIONS";
    std::string request_uri = "sip:bob@example.com";
    // The top Via's sent-by and transport; `branch` empty writes no branch parameter.
    transport::Endpoint via{transport::Transport::Udp, "192.0.2.1", 5060};
    std::string branch = "z9hG4bK-test-1";
    bool rport = false;
    // More Via lines below the top one, as written ("SIP/2.0/UDP p.example.com;branch=...").
    std::vector<std::string> lower_vias;
    std::string call_id = "call-1@192.0.2.1";
    std::uint32_t cseq = 1;
    std::string cseq_method;  // empty: the request's method
    std::string from_tag = "from-1";
    std::string to_tag;  // empty: no tag
    std::vector<std::string> routes;
    std::string extra_headers;  // whole lines, each ending in CRLF
};

std::string request_text(const RequestSpec& spec);
// The request parsed; a test failure if it does not parse.
message::Message make_request(const RequestSpec& spec);

// A response to `request` built as RFC 3261 §8.2.6 says (Vias, From, To, Call-ID, CSeq
// copied; `to_tag` added when the request's To had none and the status is not 100), then
// serialized and parsed again.
message::Message make_response(const message::Message& request, int status,
                               std::string_view to_tag = {});

// Parses `text`; a test failure if it does not parse.
message::Message parse(std::string_view text);

}  // namespace dialtone::test
