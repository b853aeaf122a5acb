#include "server/proxy/request_check.hpp"

#include <string_view>

#include "dialtone/sip/message/validate.hpp"

namespace dialtone::server::proxy {

std::optional<Refusal> check_request(const message::Message& request, const ProxyConfig& config) {
    std::vector<std::string_view> supported(config.supported_extensions.begin(),
                                            config.supported_extensions.end());
    message::ValidationPolicy policy;
    policy.role = message::Role::Proxy;
    policy.supported_extensions = supported;
    auto error = message::validate_request(request, policy);
    if (!error) return std::nullopt;
    Refusal r;
    r.status = error->status == 0 ? 400 : error->status;
    r.reason = error->malformed ? error->reason_phrase() : std::string();
    if (r.status == 420) {
        for (std::string_view tag : message::unsupported_extensions(request, policy))
            r.unsupported.emplace_back(tag);
    }
    return r;
}

}  // namespace dialtone::server::proxy
