#include "cli/message_json.hpp"

#include "cli/json_util.hpp"
#include "cli/typed_header_json.hpp"
#include "dialtone/sip/message/content_type.hpp"
#include "dialtone/sip/message/params.hpp"

namespace dialtone::cli {

using nlohmann::json;
using namespace dialtone::message;

namespace {

json params_to_json(std::string_view list) {
    json out = json::object();
    ParamCursor cur(list);
    Param p;
    while (cur.next(p))
        out[str(p.name)] = p.has_value ? json(str(p.value)) : json(nullptr);
    return out;
}

const char* host_kind(HostKind k) {
    switch (k) {
        case HostKind::Domain:
            return "domain";
        case HostKind::Ipv4:
            return "ipv4";
        case HostKind::Ipv6:
            return "ipv6";
        case HostKind::None:
            break;
    }
    return "none";
}

json name_addr_to_json(const NameAddr& na) {
    if (na.star) return json{{"star", true}};
    json j{{"uri", uri_to_json(na.uri)}, {"params", params_to_json(na.params)}};
    if (!na.display_name.empty()) j["display_name"] = str(na.display_name_text());
    if (na.has_tag) j["tag"] = str(na.tag);
    return j;
}

json via_to_json(const Via& v) {
    json j{{"protocol", str(v.protocol_name) + "/" + str(v.protocol_version)},
           {"transport", str(v.transport)},
           {"host", str(v.host.text)},
           {"host_kind", host_kind(v.host.kind)},
           {"params", params_to_json(v.params)}};
    if (v.has_port) j["port"] = v.port;
    if (!v.branch.empty()) j["branch"] = str(v.branch);
    if (!v.received.empty()) j["received"] = str(v.received);
    if (v.has_rport) j["rport"] = v.rport.empty() ? json(true) : json(str(v.rport));
    return j;
}

// The typed form of one list element of a header, or null when the header has none here.
json typed_element(HeaderId id, std::string_view v) {
    switch (id) {
        case HeaderId::Via:
            return or_error(parse_via(v), via_to_json);
        case HeaderId::From:
        case HeaderId::To:
        case HeaderId::Route:
        case HeaderId::RecordRoute:
        case HeaderId::Path:
        case HeaderId::ServiceRoute:
        case HeaderId::ReplyTo:
        case HeaderId::ReferTo:
            return or_error(parse_name_addr(v), name_addr_to_json);
        case HeaderId::Contact:
            return or_error(parse_name_addr(v, true), name_addr_to_json);
        case HeaderId::CSeq:
            return or_error(parse_cseq(v), [](const CSeq& c) {
                return json{{"number", c.number}, {"method", str(c.method_text)}};
            });
        case HeaderId::MaxForwards:
            return or_error(parse_uint(v, 255), [](std::uint32_t n) { return json(n); });
        case HeaderId::ContentLength:
            return or_error(parse_uint(v, 0xffffffffu), [](std::uint32_t n) { return json(n); });
        case HeaderId::ContentType:
            return or_error(parse_content_type(v), [](const MediaType& t) {
                return json{{"type", str(t.type)},
                            {"subtype", str(t.subtype)},
                            {"params", params_to_json(t.params)}};
            });
        default:
            return typed_header_json(id, v);
    }
}

json header_to_json(const Message& m, const HeaderSlot& s) {
    json j{{"name", str(m.name_of(s))}, {"value", str(m.value_of(s))}};
    if (s.id == HeaderId::Unknown) return j;
    j["header"] = str(header_info(s.id).name);
    if (header_info(s.id).list) {
        json elems = json::array();
        ValueListCursor cur(m.value_of(s));
        std::string_view e;
        while (cur.next(e))
            elems.push_back(typed_element(s.id, e));
        if (!elems.empty() && !elems[0].is_null()) j["parsed"] = elems;
    } else {
        json t = typed_element(s.id, m.value_of(s));
        if (!t.is_null()) j["parsed"] = t;
    }
    return j;
}

}  // namespace

json uri_to_json(const Uri& u) {
    json j{{"text", str(u.text)}, {"scheme", str(u.scheme_text)}};
    if (!u.is_sip()) {
        j["opaque"] = str(u.opaque);
        if (!u.params.empty()) j["params"] = params_to_json(u.params);
        return j;
    }
    if (!u.user.empty()) j["user"] = unescape(u.user);
    if (u.has_password) j["password"] = unescape(u.password);
    j["host"] = str(u.host.text);
    j["host_kind"] = host_kind(u.host.kind);
    if (u.has_port) j["port"] = u.port;
    if (!u.params.empty()) j["params"] = params_to_json(u.params);
    if (!u.headers.empty()) j["headers"] = unescape(u.headers);
    return j;
}

json message_to_json(const Message& m) {
    json start;
    if (m.is_request()) {
        start = {{"type", "request"},
                 {"method", str(m.method_text())},
                 {"request_uri", str(m.request_uri_text())},
                 {"version", "SIP/2.0"}};
        if (auto u = m.request_uri()) start["uri"] = uri_to_json(*u);
    } else {
        start = {{"type", "response"},
                 {"version", "SIP/2.0"},
                 {"status", m.status()},
                 {"reason", str(m.reason())}};
    }
    json headers = json::array();
    for (std::size_t i = 0; i < m.slot_count(); ++i)
        if (!m.slot(i).removed) headers.push_back(header_to_json(m, m.slot(i)));
    return json{{"start_line", start},
                {"headers", headers},
                {"body", str(m.body())},
                {"body_length", m.body().size()}};
}

}  // namespace dialtone::cli
