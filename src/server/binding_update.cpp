#include "server/binding_update.hpp"

#include <algorithm>

#include "dialtone/sip/message/uri.hpp"

namespace dialtone::server {

namespace {

BindingUpdate refuse(int status, std::string reason) {
    return BindingUpdate{status, std::move(reason), false};
}

// RFC 3261 §10.3 step 7 compares contacts with §19.1.4 URI equality; RFC 5626 §6 makes a
// binding with +sip.instance and reg-id the same binding whatever its URI.
bool same_binding(const store::Binding& b, const RegisterContact& c) {
    if (!c.instance.empty() && c.reg_id != 0) {
        return b.instance == c.instance && b.reg_id == c.reg_id;
    }
    if (b.contact == c.uri) return true;
    auto stored = message::parse_uri(b.contact);
    auto asked = message::parse_uri(c.uri);
    return stored && asked && message::uri_equal(*stored, *asked);
}

// §10.3 step 6/7: a binding written by the same UA (same Call-ID) changes only when the
// request's CSeq is higher; an older or repeated request must not undo a newer one.
bool out_of_order(const store::Binding& b, const RegisterRequest& r) {
    return b.call_id == r.call_id && r.cseq <= b.cseq;
}

constexpr const char* kOutOfOrder = "CSeq is not higher than the binding's (RFC 3261 §10.3)";

}  // namespace

BindingUpdate apply_register(const RegisterRequest& request, std::vector<store::Binding>& bindings,
                             std::int64_t now, const RegistrarPolicy& policy,
                             const std::string& source) {
    std::vector<store::Binding> next;
    next.reserve(bindings.size() + request.contacts.size());
    for (const store::Binding& b : bindings)
        if (b.expires_at > now) next.push_back(b);

    if (request.star) {
        for (const store::Binding& b : next)
            if (out_of_order(b, request)) return refuse(400, kOutOfOrder);
        next.clear();
    }

    // Every expiry is checked before anything changes: 423 refuses the whole request.
    for (const RegisterContact& c : request.contacts) {
        const std::uint32_t e =
            c.expires.value_or(request.expires_header.value_or(policy.default_expires));
        if (e != 0 && e < policy.min_expires) return refuse(423, "Interval Too Brief");
    }

    for (const RegisterContact& c : request.contacts) {
        std::uint32_t e =
            c.expires.value_or(request.expires_header.value_or(policy.default_expires));
        e = std::min(e, policy.max_expires);
        auto it = std::find_if(next.begin(), next.end(),
                               [&](const store::Binding& b) { return same_binding(b, c); });
        if (it != next.end()) {
            if (out_of_order(*it, request)) return refuse(400, kOutOfOrder);
            if (e == 0) {
                next.erase(it);
                continue;
            }
        } else {
            if (e == 0) continue;  // removing what is not there changes nothing
            it = next.insert(next.end(), store::Binding{});
        }
        store::Binding& b = *it;
        b.contact = c.uri;
        b.call_id = request.call_id;
        b.cseq = request.cseq;
        b.expires_at = now + e;
        b.q = c.q;
        b.path = request.path;
        b.instance = c.instance;
        b.reg_id = c.reg_id;
        b.source = source;
        b.user_agent = request.user_agent;
    }

    if (policy.max_contacts != 0 && next.size() > policy.max_contacts &&
        next.size() > bindings.size()) {
        return refuse(403, "Too many registered contacts");
    }
    BindingUpdate out;
    out.changed = next != bindings;
    if (out.changed) bindings = std::move(next);
    return out;
}

}  // namespace dialtone::server
