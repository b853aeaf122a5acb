#include "read_osip2.hpp"

#include <osipparser2/osip_parser.h>

#include <mutex>

#include "c_text.hpp"

namespace dialtone::bench {
namespace {

// osip's lookups take `char*` names, and string literals are const in C++.
char kBranch[] = "branch";
char kReceived[] = "received";
char kRport[] = "rport";
char kTag[] = "tag";

UriFields uri_fields(osip_uri_t* u) {
    if (!u) return {};
    return {view_of(osip_uri_get_username(u)), view_of(osip_uri_get_host(u)),
            number_of(osip_uri_get_port(u))};
}

// Value of a generic parameter; `present` tells a bare ";rport" from an absent one.
std::string_view param_value(osip_list_t* params, char* name, bool* present = nullptr) {
    osip_generic_param_t* p = nullptr;
    const bool found = osip_generic_param_get_byname(params, name, &p) == OSIP_SUCCESS && p;
    if (present) *present = found;
    return found ? view_of(p->gvalue) : std::string_view();
}

// Every Route or Record-Route element, walked with osip's list iterator.
void read_route_set(osip_list_t* list, std::array<UriFields, kMaxRoutes>& out, std::size_t& count) {
    count = 0;
    osip_list_iterator_t it;
    for (auto* r = static_cast<osip_route_t*>(osip_list_get_first(list, &it)); r;
         r = static_cast<osip_route_t*>(osip_list_get_next(&it))) {
        if (count < kMaxRoutes) out[count] = uri_fields(osip_route_get_url(r));
        ++count;
    }
}

}  // namespace

Osip2Reader::Osip2Reader() {
    static std::once_flag once;
    std::call_once(once, [] { parser_init(); });
}

Osip2Reader::~Osip2Reader() {
    release();
}

void Osip2Reader::release() {
    if (msg_) osip_message_free(msg_);
    msg_ = nullptr;
}

bool Osip2Reader::read(std::string_view bytes, ProxyFields& out) {
    release();
    if (osip_message_init(&msg_) != OSIP_SUCCESS) return false;
    if (osip_message_parse(msg_, bytes.data(), bytes.size()) != OSIP_SUCCESS) return false;
    osip_message_t* m = msg_;

    out.is_request = MSG_IS_REQUEST(m);
    out.status = out.is_request ? 0 : osip_message_get_status_code(m);
    out.request_uri = out.is_request ? uri_fields(osip_message_get_uri(m)) : UriFields{};
    if (out.is_request && out.request_uri.host.empty()) return false;

    std::size_t vias = 0;
    osip_list_iterator_t it;
    for (auto* via = static_cast<osip_via_t*>(osip_list_get_first(&m->vias, &it)); via;
         via = static_cast<osip_via_t*>(osip_list_get_next(&it))) {
        if (vias < kMaxVias) {
            ViaFields& v = out.vias[vias];
            v.host = view_of(osip_via_get_host(via));
            v.port = number_of(osip_via_get_port(via));
            v.branch = param_value(&via->via_params, kBranch);
            v.received = param_value(&via->via_params, kReceived);
            v.rport = param_value(&via->via_params, kRport, &v.has_rport);
        }
        ++vias;
    }
    out.via_count = vias;

    osip_from_t* from = osip_message_get_from(m);
    osip_to_t* to = osip_message_get_to(m);
    if (!from || !to) return false;
    out.from = uri_fields(osip_from_get_url(from));
    out.from_tag = param_value(&from->gen_params, kTag);
    out.to = uri_fields(osip_to_get_url(to));
    out.to_tag = param_value(&to->gen_params, kTag);

    osip_call_id_t* call_id = osip_message_get_call_id(m);
    osip_cseq_t* cseq = osip_message_get_cseq(m);
    if (!call_id || !cseq) return false;
    out.call_id = view_of(osip_call_id_get_number(call_id));
    out.call_id_host = view_of(osip_call_id_get_host(call_id));
    out.cseq_number = number_of(osip_cseq_get_number(cseq));
    out.cseq_method = view_of(osip_cseq_get_method(cseq));

    // osip keeps Max-Forwards as an untyped header, found by name.
    osip_header_t* max_forwards = nullptr;
    out.has_max_forwards = osip_message_get_max_forwards(m, 0, &max_forwards) >= 0 && max_forwards;
    out.max_forwards = out.has_max_forwards ? number_of(max_forwards->hvalue) : 0;

    read_route_set(&m->routes, out.routes, out.route_count);
    read_route_set(&m->record_routes, out.record_routes, out.record_route_count);

    osip_contact_t* contact = nullptr;
    out.has_contact = osip_message_get_contact(m, 0, &contact) >= 0 && contact;
    out.contact = out.has_contact ? uri_fields(osip_contact_get_url(contact)) : UriFields{};

    osip_content_length_t* length = osip_message_get_content_length(m);
    out.content_length = length ? number_of(length->value) : 0;
    return true;
}

}  // namespace dialtone::bench
