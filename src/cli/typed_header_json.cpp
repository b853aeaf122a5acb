#include "cli/typed_header_json.hpp"

#include "cli/json_util.hpp"
#include "dialtone/sip/message/content_disposition.hpp"
#include "dialtone/sip/message/content_type.hpp"
#include "dialtone/sip/message/date.hpp"
#include "dialtone/sip/message/digest.hpp"
#include "dialtone/sip/message/event.hpp"
#include "dialtone/sip/message/expires.hpp"
#include "dialtone/sip/message/rack.hpp"
#include "dialtone/sip/message/reason.hpp"
#include "dialtone/sip/message/refer_to.hpp"
#include "dialtone/sip/message/replaces.hpp"
#include "dialtone/sip/message/retry_after.hpp"
#include "dialtone/sip/message/server_product.hpp"
#include "dialtone/sip/message/session_expires.hpp"
#include "dialtone/sip/message/subscription_state.hpp"
#include "dialtone/sip/message/timestamp.hpp"
#include "dialtone/sip/message/warning.hpp"

namespace dialtone::cli {

using nlohmann::json;
using namespace dialtone::message;

namespace {

json auth_json(const AuthHeader& a) {
    json j{{"scheme", str(a.scheme)}};
    const std::pair<const char*, std::string_view> fields[] = {
        {"username", a.username}, {"realm", a.realm},
        {"nonce", a.nonce},       {"uri", a.uri},
        {"response", a.response}, {"algorithm", a.algorithm},
        {"cnonce", a.cnonce},     {"opaque", a.opaque},
        {"qop", a.qop},           {"nc", a.nc},
        {"domain", a.domain},     {"nextnonce", a.nextnonce},
        {"rspauth", a.rspauth}};
    for (const auto& [name, value] : fields)
        if (!value.empty()) j[name] = str(value);
    if (a.stale) j["stale"] = true;
    if (a.userhash) j["userhash"] = true;
    if (!a.digest) j["params"] = str(a.params);
    return j;
}

const char* refresher_name(Refresher r) {
    return r == Refresher::Uac ? "uac" : r == Refresher::Uas ? "uas" : nullptr;
}

}  // namespace

json typed_header_json(HeaderId id, std::string_view v) {
    switch (id) {
        case HeaderId::Authorization:
        case HeaderId::ProxyAuthorization:
            return or_error(parse_credentials(v, id), auth_json);
        case HeaderId::WwwAuthenticate:
        case HeaderId::ProxyAuthenticate:
            return or_error(parse_challenge(v, id), auth_json);
        case HeaderId::AuthenticationInfo:
            return or_error(parse_authentication_info(v), auth_json);
        case HeaderId::Date:
            return or_error(parse_sip_date(v), [](const SipDate& d) {
                return json{{"unix_time", d.unix_time}, {"year", d.year},
                            {"month", d.month},         {"day", d.day},
                            {"hour", d.hour},           {"minute", d.minute},
                            {"second", d.second},       {"weekday_matches", d.weekday_matches}};
            });
        case HeaderId::Expires:
        case HeaderId::MinExpires:
        case HeaderId::MinSE:
            return or_error(parse_expires(v, id), [](std::uint32_t s) { return json(s); });
        case HeaderId::RetryAfter:
            return or_error(parse_retry_after(v), [](const RetryAfter& r) {
                json j{{"seconds", r.seconds}};
                if (r.has_duration) j["duration"] = r.duration;
                if (r.has_comment) j["comment"] = str(r.comment);
                return j;
            });
        case HeaderId::Reason:
            return or_error(parse_reason(v), [](const Reason& r) {
                json j{{"protocol", str(r.protocol_text)}};
                if (r.has_cause) j["cause"] = r.cause;
                if (r.has_text) j["text"] = str(r.text);
                return j;
            });
        case HeaderId::Event:
        case HeaderId::AllowEvents:
            return or_error(parse_event(v), [](const Event& e) {
                json j{{"type", str(e.type)}, {"package", str(e.package)}};
                if (!e.templates.empty()) j["templates"] = str(e.templates);
                if (e.has_id) j["id"] = str(e.id);
                return j;
            });
        case HeaderId::SubscriptionState:
            return or_error(parse_subscription_state(v), [](const SubscriptionState& s) {
                json j{{"state", str(s.state_text)}};
                if (!s.reason.empty()) j["reason"] = str(s.reason);
                if (s.has_expires) j["expires"] = s.expires;
                if (s.has_retry_after) j["retry_after"] = s.retry_after;
                return j;
            });
        case HeaderId::SessionExpires:
            return or_error(parse_session_expires(v), [](const SessionExpires& s) {
                json j{{"seconds", s.seconds}};
                if (const char* r = refresher_name(s.refresher)) j["refresher"] = r;
                return j;
            });
        case HeaderId::Timestamp:
            return or_error(parse_timestamp(v), [](const Timestamp& t) {
                json j{{"value", str(t.value)}};
                if (t.has_delay) j["delay"] = str(t.delay);
                return j;
            });
        case HeaderId::RAck:
            return or_error(parse_rack(v), [](const RAck& r) {
                return json{
                    {"rseq", r.rseq}, {"cseq", r.cseq}, {"method", str(method_name(r.method))}};
            });
        case HeaderId::RSeq:
            return or_error(parse_rseq(v), [](std::uint32_t n) { return json(n); });
        case HeaderId::Replaces:
            return or_error(parse_replaces(v), [](const Replaces& r) {
                return json{{"call_id", str(r.call_id)},
                            {"to_tag", str(r.to_tag)},
                            {"from_tag", str(r.from_tag)},
                            {"early_only", r.early_only}};
            });
        case HeaderId::ReferredBy:
            return or_error(parse_referred_by(v), [](const ReferredBy& r) {
                json j{{"uri", str(r.address.uri.text)}};
                if (r.has_cid) j["cid"] = str(r.cid);
                return j;
            });
        case HeaderId::Warning:
            return or_error(parse_warning(v), [](const Warning& w) {
                return json{{"code", w.code}, {"agent", str(w.agent)}, {"text", str(w.text)}};
            });
        case HeaderId::ContentDisposition:
            return or_error(parse_content_disposition(v), [](const ContentDisposition& d) {
                json j{{"type", str(d.type)}};
                if (!d.handling.empty()) j["handling"] = str(d.handling);
                return j;
            });
        case HeaderId::Accept:
            return or_error(parse_accept_range(v), [](const MediaType& t) {
                return json{
                    {"type", str(t.type)}, {"subtype", str(t.subtype)}, {"q", t.q / 1000.0}};
            });
        case HeaderId::Server:
        case HeaderId::UserAgent: {
            json products = json::array();
            ProductCursor cur(v, id);
            ProductElement e;
            while (cur.next(e)) {
                if (e.kind == ProductElement::Kind::Comment) {
                    products.push_back(json{{"comment", str(e.comment)}});
                } else {
                    products.push_back(json{{"product", str(e.name)}, {"version", str(e.version)}});
                }
            }
            if (cur.failed()) return json{{"error", cur.error().description()}};
            return products;
        }
        case HeaderId::Require:
        case HeaderId::ProxyRequire:
        case HeaderId::Supported:
        case HeaderId::Unsupported:
        case HeaderId::Allow:
        case HeaderId::ContentEncoding:
            return json(str(v));  // one token of the list
        default:
            return nullptr;
    }
}

}  // namespace dialtone::cli
