#include "server/register_request.hpp"

#include <charconv>

#include "dialtone/sip/message/name_addr.hpp"

namespace dialtone::server {

using message::HeaderId;

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::optional<std::uint32_t> parse_delta_seconds(std::string_view s) {
    // delta-seconds = 1*DIGIT; larger than 2^32-1 reads as 2^32-1 (RFC 3261 §20.19 lets
    // any value through, and the registrar caps it at max_expires anyway).
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
        if (v > 0xffffffffu) v = 0xffffffffu;
    }
    return static_cast<std::uint32_t>(v);
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), as thousandths.
std::optional<std::uint16_t> parse_qvalue(std::string_view s) {
    if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
    unsigned v = static_cast<unsigned>(s[0] - '0') * 1000;
    if (s.size() == 1) return static_cast<std::uint16_t>(v);
    if (s[1] != '.' || s.size() > 5) return std::nullopt;
    unsigned scale = 100;
    for (std::size_t i = 2; i < s.size(); ++i, scale /= 10) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        v += static_cast<unsigned>(s[i] - '0') * scale;
    }
    if (v > 1000) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

RegisterRefusal bad(std::string reason) {
    return RegisterRefusal{400, std::move(reason)};
}

}  // namespace

std::string aor_of(const message::Uri& uri) {
    if (!uri.is_sip() || uri.user.empty()) return {};
    std::string aor = uri.scheme == message::UriScheme::Sips ? "sips:" : "sip:";
    aor += message::unescape(uri.user);
    aor += '@';
    for (char c : uri.host.text)
        aor += lower(c);
    return aor;
}

std::variant<RegisterRequest, RegisterRefusal> read_register(const message::Message& request) {
    RegisterRequest out;
    auto to = request.to();
    if (!to) return bad("To header is malformed");
    out.aor = aor_of(to->uri);
    if (out.aor.empty()) {
        return RegisterRefusal{404, "Not Found (To is not a SIP address-of-record)"};
    }
    out.aor_user = message::unescape(to->uri.user);
    out.aor_domain = out.aor.substr(out.aor.find('@') + 1);

    if (request.has(HeaderId::Expires)) {
        out.expires_header = parse_delta_seconds(request.header(HeaderId::Expires));
        if (!out.expires_header) return bad("Expires is not a number of seconds");
    }
    auto contacts = request.values(HeaderId::Contact);
    std::string_view element;
    while (contacts.next(element)) {
        auto na = message::parse_name_addr(element, true);
        if (!na) return bad("Contact is malformed");
        if (na->star) {
            out.star = true;
            continue;
        }
        RegisterContact c;
        c.uri = std::string(na->uri.text);
        if (na->has_param("expires")) {
            c.expires = parse_delta_seconds(na->param("expires"));
            if (!c.expires) return bad("Contact expires is not a number of seconds");
        }
        if (na->has_param("q")) {
            auto q = parse_qvalue(na->param("q"));
            if (!q) return bad("Contact q is not a q-value");
            c.q = *q;
        }
        c.instance = std::string(na->param("+sip.instance"));
        if (na->has_param("reg-id")) {
            const std::string_view r = na->param("reg-id");
            auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), c.reg_id);
            if (ec != std::errc{} || ptr != r.data() + r.size() || c.reg_id == 0) {
                return bad("Contact reg-id is not a positive number");
            }
        }
        out.contacts.push_back(std::move(c));
    }
    // §10.3 step 6: '*' stands alone and only with Expires: 0.
    if (out.star && (!out.contacts.empty() || !out.expires_header || *out.expires_header != 0)) {
        return bad("Contact: * needs Expires: 0 and no other contact");
    }
    out.call_id = std::string(request.call_id());
    auto cseq = request.cseq();
    if (!cseq) return bad("CSeq is malformed");
    out.cseq = cseq->number;
    auto path = request.values(HeaderId::Path);
    while (path.next(element)) {
        if (!out.path.empty()) out.path += ',';
        out.path += element;
    }
    out.user_agent = std::string(request.header(HeaderId::UserAgent));
    return out;
}

}  // namespace dialtone::server
