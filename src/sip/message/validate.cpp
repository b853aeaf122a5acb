#include "dialtone/sip/message/validate.hpp"

#include <algorithm>

#include "dialtone/sip/message/content_disposition.hpp"
#include "dialtone/sip/message/content_type.hpp"
#include "dialtone/sip/message/date.hpp"
#include "dialtone/sip/message/digest.hpp"
#include "dialtone/sip/message/event.hpp"
#include "dialtone/sip/message/expires.hpp"
#include "dialtone/sip/message/params.hpp"
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
#include "sip/message/char_class.hpp"

namespace dialtone::message {

namespace {

using Check = std::optional<ParseError>;

constexpr ParseError bad(std::string_view what, HeaderId where = HeaderId::Unknown) {
    return ParseError{400, what, true, header_info(where).name};
}

struct Required {
    HeaderId id;
    std::string_view missing;
    std::string_view repeated;
};

// RFC 3261 §8.1.1: every request carries these (Max-Forwards is left out on purpose:
// RFC 2543 requests lack it and RFC 4475 inv2543 says to accept them).
constexpr Required kMandatory[] = {
    {HeaderId::CallId, "missing Call-ID header", "more than one Call-ID header"},
    {HeaderId::From, "missing From header", "more than one From header"},
    {HeaderId::To, "missing To header", "more than one To header"},
    {HeaderId::CSeq, "missing CSeq header", "more than one CSeq header"},
    {HeaderId::Via, "missing Via header", ""},
};

// Single-valued headers that are not mandatory.
constexpr Required kSingle[] = {
    {HeaderId::MaxForwards, "", "more than one Max-Forwards header"},
    {HeaderId::ContentType, "", "more than one Content-Type header"},
    {HeaderId::Expires, "", "more than one Expires header"},
    {HeaderId::MinExpires, "", "more than one Min-Expires header"},
};

Check check_presence(const Message& m) {
    for (const Required& r : kMandatory) {
        if (!m.has(r.id)) return bad(r.missing);
        if (!r.repeated.empty() && m.count(r.id) > 1) return bad(r.repeated);
    }
    for (const Required& r : kSingle)
        if (m.count(r.id) > 1) return bad(r.repeated);
    if (m.call_id().empty()) return bad("Call-ID header is empty");
    for (char c : m.call_id())
        if (chars::is_lws(c)) return bad("Call-ID contains whitespace");
    return std::nullopt;
}

Check check_vias(const Message& m) {
    std::string_view v;
    auto cur = m.values(HeaderId::Via);
    while (cur.next(v)) {
        if (v.empty()) return bad("Via: empty list element");
        auto via = parse_via(v);
        if (!via) return bad(via.error().what, HeaderId::Via);
    }
    return std::nullopt;
}

Check check_name_addrs(const Message& m, HeaderId id, std::string_view empty_what) {
    std::string_view v;
    auto cur = m.values(id);
    while (cur.next(v)) {
        if (v.empty()) return bad(empty_what);
        auto na = parse_name_addr(v, id == HeaderId::Contact);
        if (!na) return bad(na.error().what, id);
        if (na->star) continue;
        if (id == HeaderId::Contact) {
            Param p;
            std::uint64_t n = 0;
            if (find_param(na->params, "expires", p) &&
                !chars::parse_decimal(p.value, 0xffffffffu, n))
                return bad("Contact: expires parameter is not a delta-seconds value");
            if (find_param(na->params, "q", p)) {
                // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
                const std::string_view q = p.value;
                const bool ok = !q.empty() && (q[0] == '0' || q[0] == '1') &&
                                (q.size() == 1 || (q[1] == '.' && q.size() <= 5)) &&
                                std::all_of(q.begin() + std::min<std::size_t>(q.size(), 2), q.end(),
                                            [&](char c) {
                                                return q[0] == '0' ? chars::is_digit(c) : c == '0';
                                            });
                if (!ok) return bad("Contact: q parameter is not a qvalue");
            }
        }
    }
    return std::nullopt;
}

Check check_numbers(const Message& m) {
    if (m.has(HeaderId::MaxForwards)) {
        auto mf = m.max_forwards();
        if (!mf) return bad(mf.error().what, HeaderId::MaxForwards);
    }
    return std::nullopt;
}

// Typed parsers of the other headers the stack knows: a value that does not parse is a 400
// naming the header (RFC 4475 baddate, scalar02, scalarlg).
struct TypedCheck {
    HeaderId id;
    bool per_element;  // list header: check each comma-separated element
    std::optional<ParseError> (*check)(std::string_view);
};

template <auto Parse>
std::optional<ParseError> run(std::string_view v) {
    auto r = Parse(v);
    if (!r) return r.error();
    return std::nullopt;
}

std::optional<ParseError> check_expires(std::string_view v) {
    auto r = parse_expires(v);
    if (!r) return r.error();
    return std::nullopt;
}
std::optional<ParseError> check_credentials(std::string_view v) {
    auto r = parse_credentials(v);
    if (!r) return r.error();
    return std::nullopt;
}
std::optional<ParseError> check_challenge(std::string_view v) {
    auto r = parse_challenge(v);
    if (!r) return r.error();
    return std::nullopt;
}

constexpr TypedCheck kTypedChecks[] = {
    {HeaderId::Date, false, run<parse_sip_date>},
    {HeaderId::Expires, false, check_expires},
    {HeaderId::MinExpires, false, check_expires},
    {HeaderId::RetryAfter, false, run<parse_retry_after>},
    {HeaderId::Warning, true, run<parse_warning>},
    {HeaderId::Reason, true, run<parse_reason>},
    {HeaderId::Event, false, run<parse_event>},
    {HeaderId::SubscriptionState, false, run<parse_subscription_state>},
    {HeaderId::SessionExpires, false, run<parse_session_expires>},
    {HeaderId::RAck, false, run<parse_rack>},
    {HeaderId::RSeq, false, run<parse_rseq>},
    {HeaderId::Timestamp, false, run<parse_timestamp>},
    {HeaderId::Replaces, false, run<parse_replaces>},
    {HeaderId::ReferTo, false, run<parse_refer_to>},
    {HeaderId::ReferredBy, false, run<parse_referred_by>},
    {HeaderId::ContentDisposition, false, run<parse_content_disposition>},
    {HeaderId::Authorization, false, check_credentials},
    {HeaderId::WwwAuthenticate, false, check_challenge},
};

Check check_typed_headers(const Message& m) {
    for (const TypedCheck& c : kTypedChecks) {
        if (!m.has(c.id)) continue;
        for (std::size_t i = 0; i < m.slot_count(); ++i) {
            const HeaderSlot& s = m.slot(i);
            if (s.id != c.id || s.removed) continue;
            ValueListCursor elements(m.value_of(s));
            std::string_view e = m.value_of(s);
            while (!c.per_element || elements.next(e)) {
                if (auto err = c.check(e)) return bad(err->what, c.id);
                if (!c.per_element) break;
            }
        }
    }
    return std::nullopt;
}

Check check_token_lists(const Message& m) {
    for (HeaderId id : {HeaderId::Require, HeaderId::ProxyRequire, HeaderId::Supported}) {
        std::string_view t;
        auto cur = m.values(id);
        while (cur.next(t)) {
            // RFC 3261 §25.1: Supported = "Supported" HCOLON [option-tag *(COMMA
            // option-tag)]: an empty one (baresip sends it) lists no extension.
            if (t.empty() && id == HeaderId::Supported) continue;
            if (!chars::is_token(t)) {
                return bad(id == HeaderId::Require ? "Require: option tag is not a token"
                           : id == HeaderId::ProxyRequire
                               ? "Proxy-Require: option tag is not a token"
                               : "Supported: option tag is not a token");
            }
        }
    }
    return std::nullopt;
}

// The checks a message of either kind must pass before anything reads it.
Check check_common(const Message& m) {
    if (auto e = check_presence(m)) return e;
    if (auto e = check_vias(m)) return e;
    if (auto f = m.from(); !f) return bad(f.error().what, HeaderId::From);
    if (auto t = m.to(); !t) return bad(t.error().what, HeaderId::To);
    auto cseq = m.cseq();
    if (!cseq) return bad(cseq.error().what, HeaderId::CSeq);
    if (auto e = check_name_addrs(m, HeaderId::Contact, "Contact: empty list element")) return e;
    if (auto e = check_name_addrs(m, HeaderId::Route, "Route: empty list element")) return e;
    if (auto e = check_name_addrs(m, HeaderId::RecordRoute, "Record-Route: empty list element"))
        return e;
    if (auto e = check_numbers(m)) return e;
    if (auto e = check_token_lists(m)) return e;
    if (auto e = check_typed_headers(m)) return e;
    if (m.has(HeaderId::ContentType)) {
        if (auto ct = parse_content_type(m.header(HeaderId::ContentType)); !ct)
            return bad(ct.error().what, HeaderId::ContentType);
    }
    return std::nullopt;
}

bool supported(const ValidationPolicy& policy, std::string_view tag) {
    return std::any_of(policy.supported_extensions.begin(), policy.supported_extensions.end(),
                       [&](std::string_view s) { return chars::iequals(s, tag); });
}

bool carries_session_description(Method m) {
    return m == Method::Invite || m == Method::Ack || m == Method::Prack || m == Method::Update;
}

}  // namespace

std::vector<std::string_view> unsupported_extensions(const Message& m,
                                                     const ValidationPolicy& policy) {
    std::vector<std::string_view> out;
    auto collect = [&](HeaderId id) {
        std::string_view t;
        auto cur = m.values(id);
        while (cur.next(t))
            if (!t.empty() && !supported(policy, t)) out.push_back(t);
    };
    // RFC 3261 §8.2.2.3: a UAS checks Require; §16.3 step 5: a proxy checks Proxy-Require.
    // CANCEL and ACK for non-2xx are exempt (the UAS must not reject them over Require).
    if (m.method() == Method::Cancel || m.method() == Method::Ack) return out;
    collect(policy.role == Role::Proxy ? HeaderId::ProxyRequire : HeaderId::Require);
    return out;
}

std::optional<ParseError> validate_request(const Message& m, const ValidationPolicy& policy) {
    if (!m.is_request()) return ParseError{0, "not a request"};
    if (auto e = check_common(m)) return e;
    auto cseq = m.cseq();
    // RFC 3261 §8.1.1.5: the CSeq method matches the Request-Line method.
    if (cseq->method_text != m.method_text())
        return bad("CSeq method does not match the request method");

    auto ruri = m.request_uri();
    if (!ruri) return bad(ruri.error().what);  // parse() already refused these
    // RFC 3261 §8.2.2.1: a scheme the element does not understand earns 416.
    if (ruri->scheme == UriScheme::Other)
        return ParseError{416, "Request-URI scheme is not sip, sips or tel", false};
    if (m.method() == Method::Register) {
        auto to = m.to();
        // RFC 3261 §10.3 step 5: the To header holds the address-of-record, a SIP(S) URI.
        if (!to->uri.is_sip())
            return ParseError{400, "REGISTER To is not a SIP or SIPS URI", false};
        std::string_view c;
        auto contacts = m.values(HeaderId::Contact);
        std::size_t n = 0;
        bool star = false;
        while (contacts.next(c)) {
            ++n;
            auto na = parse_name_addr(c, true);
            star = star || na->star;
            if (!na->star && !na->uri.is_sip() && na->uri.scheme != UriScheme::Tel)
                return ParseError{400, "REGISTER Contact is not a SIP, SIPS or tel URI", false};
        }
        // RFC 3261 §10.3 step 6: "*" only alone and with Expires: 0.
        if (star && (n > 1 || m.header(HeaderId::Expires) != "0"))
            return bad("Contact: * must be alone and with Expires: 0");
    } else {
        std::string_view c;
        auto contacts = m.values(HeaderId::Contact);
        while (contacts.next(c))
            if (parse_name_addr(c, true)->star)
                return bad("Contact: * is only allowed in REGISTER");
    }
    if (policy.role == Role::Proxy) {
        // RFC 3261 §16.3 step 3.
        if (auto mf = m.max_forwards(); mf && *mf == 0)
            return ParseError{483, "Max-Forwards is 0", false};
    }
    if (!unsupported_extensions(m, policy).empty())
        return ParseError{420, "unsupported extension required", false};
    if (policy.role != Role::Proxy && carries_session_description(m.method()) &&
        !m.body().empty()) {
        // RFC 3261 §8.2.3: a body of a type (or encoding) the UAS does not understand.
        auto ct = parse_content_type(m.header(HeaderId::ContentType));
        if (!m.has(HeaderId::ContentType) || !ct)
            return ParseError{415, "body without a usable Content-Type", false};
        if (!ct->is("application", "sdp") && !chars::iequals(ct->type, "multipart"))
            return ParseError{415, "Content-Type is not application/sdp", false};
        const std::string_view enc = m.header(HeaderId::ContentEncoding);
        if (!enc.empty() && !chars::iequals(enc, "identity"))
            return ParseError{415, "Content-Encoding is not supported", false};
        // RFC 3261 §21.4.7: the answer must be SDP, and Accept does not allow it.
        if (m.method() == Method::Invite && m.has(HeaderId::Accept)) {
            std::string_view accept_elem;
            bool sdp_ok = false;
            auto cur = m.values(HeaderId::Accept);
            while (cur.next(accept_elem)) {
                auto range = parse_accept_range(accept_elem);
                if (range && media_type_matches(*range, "application", "sdp") && range->q > 0)
                    sdp_ok = true;
            }
            if (!sdp_ok) return ParseError{406, "Accept does not allow application/sdp", false};
        }
    }
    return std::nullopt;
}

std::optional<ParseError> validate_response(const Message& m, const ValidationPolicy&) {
    if (!m.is_response()) return ParseError{0, "not a response"};
    if (auto e = check_common(m)) return ParseError{0, e->what, true, e->where};
    std::string_view v;
    auto cur = m.values(HeaderId::Via);
    while (cur.next(v)) {
        auto via = parse_via(v);
        // RFC 4475 §3.3.10: never send a response to a broadcast address.
        const std::string_view host = via->received.empty() ? via->host.text : via->received;
        if (host == "255.255.255.255")
            return ParseError{0, "Via names the broadcast address 255.255.255.255", false};
    }
    return std::nullopt;
}

}  // namespace dialtone::message
