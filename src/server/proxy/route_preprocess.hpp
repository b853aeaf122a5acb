#pragma once
// Route information pre-processing (RFC 3261 §16.4), done on the proxy's copy of a request.

#include "dialtone/sip/message/message.hpp"
#include "server/proxy/proxy_config.hpp"

namespace dialtone::server::proxy {

struct RoutePreprocessing {
    // The Request-URI was a Record-Route value of ours, put there by a strict router: it
    // was replaced by the last Route value, which was removed.
    bool strict_route_restored = false;
    // The top Route named this proxy and was removed (loose routing): the request follows
    // a route set, in a dialog we record-routed or from a UA that uses us as its outbound
    // proxy.
    bool own_route_removed = false;
};

RoutePreprocessing preprocess_routes(message::Message& request, const ProxyConfig& config);

}  // namespace dialtone::server::proxy
