#include "server/proxy/route_preprocess.hpp"

#include <string>
#include <vector>

#include "server/proxy/own_address.hpp"

namespace dialtone::server::proxy {

using message::HeaderId;

namespace {

std::vector<std::string> route_values(const message::Message& m) {
    std::vector<std::string> out;
    std::string_view v;
    auto cur = m.values(HeaderId::Route);
    while (cur.next(v))
        out.emplace_back(v);
    return out;
}

}  // namespace

RoutePreprocessing preprocess_routes(message::Message& request, const ProxyConfig& config) {
    RoutePreprocessing result;
    auto ruri = request.request_uri();
    if (ruri && is_our_uri(config, *ruri) && request.has(HeaderId::Route)) {
        // A strict router (RFC 2543) put our Record-Route URI in the Request-URI and moved
        // the real target to the end of the Route set.
        std::vector<std::string> routes = route_values(request);
        auto last = routes.empty() ? message::Result<message::NameAddr>(message::ParseError{})
                                   : message::parse_name_addr(routes.back());
        if (last) {
            request.set_request_uri(last->uri.text);
            routes.pop_back();
            request.remove_header(HeaderId::Route);
            for (const std::string& r : routes)
                request.add_header(HeaderId::Route, r);
            result.strict_route_restored = true;
        }
    }
    // Our own Route on top is consumed (loose routing). Several in a row (double
    // Record-Route, §16.6 step 4) are all ours.
    for (;;) {
        std::string_view top;
        auto cur = request.values(HeaderId::Route);
        if (!cur.next(top)) break;
        auto na = message::parse_name_addr(top);
        if (!na || !is_our_uri(config, na->uri)) break;
        request.pop_route();
        result.own_route_removed = true;
    }
    return result;
}

}  // namespace dialtone::server::proxy
