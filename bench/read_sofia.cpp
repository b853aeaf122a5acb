#include "read_sofia.hpp"

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

#include "c_text.hpp"

namespace dialtone::bench {
namespace {

UriFields uri_fields(const url_t* u) {
    return {view_of(u->url_user), view_of(u->url_host), number_of(u->url_port)};
}

void read_route_set(const sip_route_t* r, std::array<UriFields, kMaxRoutes>& out,
                    std::size_t& count) {
    count = 0;
    for (; r; r = r->r_next) {
        if (count < kMaxRoutes) out[count] = uri_fields(r->r_url);
        ++count;
    }
}

}  // namespace

SofiaReader::~SofiaReader() {
    release();
}

void SofiaReader::release() {
    if (msg_) msg_destroy(msg_);
    msg_ = nullptr;
}

bool SofiaReader::read(std::string_view bytes, ProxyFields& out) {
    release();
    // msg_make copies the bytes and extracts every header into its typed struct at once
    // (msg_extract), so all the parsing is done here; the reads below are field loads.
    msg_ = msg_make(sip_default_mclass(), 0, bytes.data(), static_cast<ssize_t>(bytes.size()));
    if (!msg_ || msg_has_error(msg_)) return false;
    const sip_t* sip = sip_object(msg_);
    // sip_error collects header lines sofia failed to parse.
    if (!sip || sip->sip_error) return false;

    out.is_request = sip->sip_request != nullptr;
    if (sip->sip_request) {
        out.status = 0;
        out.request_uri = uri_fields(sip->sip_request->rq_url);
    } else if (sip->sip_status) {
        out.status = sip->sip_status->st_status;
        out.request_uri = {};
    } else {
        return false;
    }

    std::size_t vias = 0;
    for (const sip_via_t* via = sip->sip_via; via; via = via->v_next) {
        if (vias < kMaxVias) {
            ViaFields& v = out.vias[vias];
            v.host = view_of(via->v_host);
            v.port = number_of(via->v_port);
            v.branch = view_of(via->v_branch);
            v.received = view_of(via->v_received);
            v.has_rport = via->v_rport != nullptr;
            v.rport = view_of(via->v_rport);
        }
        ++vias;
    }
    out.via_count = vias;

    if (!sip->sip_from || !sip->sip_to || !sip->sip_call_id || !sip->sip_cseq) return false;
    out.from = uri_fields(sip->sip_from->a_url);
    out.from_tag = view_of(sip->sip_from->a_tag);
    out.to = uri_fields(sip->sip_to->a_url);
    out.to_tag = view_of(sip->sip_to->a_tag);
    out.call_id = view_of(sip->sip_call_id->i_id);
    out.call_id_host = {};
    out.cseq_number = sip->sip_cseq->cs_seq;
    out.cseq_method = view_of(sip->sip_cseq->cs_method_name);

    out.has_max_forwards = sip->sip_max_forwards != nullptr;
    out.max_forwards =
        sip->sip_max_forwards ? static_cast<std::uint32_t>(sip->sip_max_forwards->mf_count) : 0;

    read_route_set(sip->sip_route, out.routes, out.route_count);
    read_route_set(sip->sip_record_route, out.record_routes, out.record_route_count);

    out.has_contact = sip->sip_contact != nullptr;
    out.contact = sip->sip_contact ? uri_fields(sip->sip_contact->m_url) : UriFields{};

    out.content_length = sip->sip_content_length ? sip->sip_content_length->l_length : 0;
    return true;
}

}  // namespace dialtone::bench
