#include "dialtone/sip/transport/resolved_target.hpp"

namespace dialtone::transport {

std::string describe_endpoint(const Endpoint& endpoint) {
    std::string out(uri_token(endpoint.transport));
    out += ' ';
    const bool v6 = endpoint.ip.find(':') != std::string::npos;
    if (v6) out += '[';
    out += endpoint.ip;
    if (v6) out += ']';
    out += ':';
    out += std::to_string(endpoint.port);
    return out;
}

std::string describe_origin(const ResolvedTarget& target) {
    if (target.host.empty()) return "numeric";
    std::string out;
    if (target.naptr) {
        out += "naptr " + std::to_string(target.naptr->order) + "/" +
               std::to_string(target.naptr->preference) + " " + target.naptr->service + ", ";
    }
    if (target.srv) {
        out += "srv " + target.srv->name + " " + std::to_string(target.srv->priority) + "/" +
               std::to_string(target.srv->weight) + ", ";
    }
    out += dns_type_name(target.address_record);
    out += ' ';
    out += target.host;
    return out;
}

}  // namespace dialtone::transport
