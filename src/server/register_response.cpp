#include "server/register_response.hpp"

#include <string>

#include "dialtone/sip/message/date.hpp"
#include "server/make_response.hpp"

namespace dialtone::server {

using message::HeaderId;

namespace {

std::string contact_value(const store::Binding& b, std::int64_t now) {
    std::string v = "<" + b.contact + ">;expires=" + std::to_string(b.expires_at - now);
    if (b.q != 1000) {
        std::string q = std::to_string(b.q);
        v += ";q=0." + std::string(3 - q.size(), '0') + q;
        while (v.back() == '0')
            v.pop_back();
        if (v.back() == '.') v += '0';
    }
    if (!b.instance.empty()) v += ";+sip.instance=" + b.instance;
    if (b.reg_id != 0) v += ";reg-id=" + std::to_string(b.reg_id);
    return v;
}

}  // namespace

message::Message make_register_ok(const message::Message& request,
                                  const std::vector<store::Binding>& bindings, std::int64_t now,
                                  std::string_view to_tag) {
    message::Message ok = make_response(request, 200, {}, to_tag);
    for (const store::Binding& b : bindings)
        if (b.expires_at > now) ok.add_header(HeaderId::Contact, contact_value(b, now));
    auto path = request.values(HeaderId::Path);
    std::string_view element;
    while (path.next(element))
        ok.add_header(HeaderId::Path, element);
    ok.add_header(HeaderId::Date, message::format_sip_date(now));
    return ok;
}

message::Message make_register_refusal(const message::Message& request, int status,
                                       std::string_view reason, const RegistrarPolicy& policy,
                                       std::string_view to_tag) {
    message::Message r = make_response(request, status, reason, to_tag);
    if (status == 423) r.add_header(HeaderId::MinExpires, std::to_string(policy.min_expires));
    return r;
}

}  // namespace dialtone::server
