#include "dialtone/sip/transport/attempt_request.hpp"

#include "dialtone/sip/message/host.hpp"

namespace dialtone::transport {

std::string via_value(Transport transport, const SentBy& sent_by, std::string_view branch) {
    std::string out = "SIP/2.0/";
    out += via_token(transport);
    out += ' ';
    const bool v6 = sent_by.host.find(':') != std::string::npos;
    if (v6) out += '[';
    out += sent_by.host;
    if (v6) out += ']';
    if (sent_by.port != 0) {
        out += ':';
        out += std::to_string(sent_by.port);
    }
    out += ";branch=";
    out += branch;
    out += ";rport";
    return out;
}

TransportDecision attempt_transport(const message::Message& planned, const ResolvedTarget& target,
                                    const UdpSizeRule& rule) {
    return request_transport(target, planned.to_string().size(), rule);
}

}  // namespace dialtone::transport
