#include "read_dialtone.hpp"

#include <utility>

namespace dialtone::bench {
namespace {

using message::HeaderId;

UriFields uri_fields(const message::Uri& u) {
    return {u.user, u.host.text, u.port};
}

// Every element of Route or Record-Route, across all of the header's lines.
bool read_route_set(const message::Message& m, HeaderId id, std::array<UriFields, kMaxRoutes>& out,
                    std::size_t& count) {
    count = 0;
    auto cursor = m.values(id);
    std::string_view element;
    while (cursor.next(element)) {
        auto route = message::parse_name_addr(element);
        if (!route) return false;
        if (count < kMaxRoutes) out[count] = uri_fields(route->uri);
        ++count;
    }
    return true;
}

}  // namespace

bool DialtoneReader::read(std::string_view bytes, ProxyFields& out) {
    msg_.reset();
    auto parsed = message::Message::parse(bytes);
    if (!parsed) return false;
    const message::Message& m = msg_.emplace(std::move(*parsed));

    out.is_request = m.is_request();
    out.status = m.is_response() ? m.status() : 0;
    out.request_uri = {};
    if (m.is_request()) {
        auto ruri = m.request_uri();
        if (!ruri) return false;
        out.request_uri = uri_fields(*ruri);
    }

    std::size_t vias = 0;
    auto cursor = m.values(HeaderId::Via);
    std::string_view element;
    while (cursor.next(element)) {
        auto via = message::parse_via(element);
        if (!via) return false;
        if (vias < kMaxVias) {
            out.vias[vias] = {via->host.text, via->port,  via->branch,
                              via->received,  via->rport, via->has_rport};
        }
        ++vias;
    }
    out.via_count = vias;

    auto from = m.from();
    auto to = m.to();
    if (!from || !to) return false;
    out.from = uri_fields(from->uri);
    out.from_tag = from->tag;
    out.to = uri_fields(to->uri);
    out.to_tag = to->tag;

    out.call_id = m.call_id();
    out.call_id_host = {};
    if (out.call_id.empty()) return false;
    auto cseq = m.cseq();
    if (!cseq) return false;
    out.cseq_number = cseq->number;
    out.cseq_method = cseq->method_text;

    out.has_max_forwards = m.has(HeaderId::MaxForwards);
    out.max_forwards = 0;
    if (out.has_max_forwards) {
        auto max_forwards = m.max_forwards();
        if (!max_forwards) return false;
        out.max_forwards = *max_forwards;
    }

    if (!read_route_set(m, HeaderId::Route, out.routes, out.route_count)) return false;
    if (!read_route_set(m, HeaderId::RecordRoute, out.record_routes, out.record_route_count)) {
        return false;
    }

    out.has_contact = m.has(HeaderId::Contact);
    out.contact = {};
    if (out.has_contact) {
        auto contact = m.contact();
        if (!contact) return false;
        out.contact = uri_fields(contact->uri);
    }

    out.content_length = m.content_length();
    return true;
}

}  // namespace dialtone::bench
