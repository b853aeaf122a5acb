#include "dialtone/sip/transport/next_hop.hpp"

#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/uri.hpp"

namespace dialtone::transport {

message::Result<LocateRequest> next_hop(const message::Message& request) {
    auto routes = request.values(message::HeaderId::Route);
    std::string_view top;
    if (routes.next(top)) {
        auto route = message::parse_name_addr(top);
        if (!route) {
            message::ParseError e = route.error();
            e.where = "Route";
            return e;
        }
        if (route->uri.loose_route()) return locate_request_from_uri(route->uri);
    }
    auto uri = request.request_uri();
    if (!uri) return uri.error();
    return locate_request_from_uri(*uri);
}

}  // namespace dialtone::transport
