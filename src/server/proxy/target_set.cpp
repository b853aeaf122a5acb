#include "server/proxy/target_set.hpp"

#include <algorithm>
#include <charconv>

#include "dialtone/sip/message/value_list.hpp"
#include "server/proxy/own_address.hpp"
#include "server/register_request.hpp"

namespace dialtone::server::proxy {

using message::HeaderId;
using message::UriScheme;

namespace {

TargetDecision refuse(int status, std::string reason = {}) {
    TargetDecision d;
    d.kind = TargetDecision::Kind::Refuse;
    d.refusal.status = status;
    d.refusal.reason = std::move(reason);
    return d;
}

TargetDecision single(std::string uri) {
    TargetDecision d;
    d.kind = TargetDecision::Kind::Forward;
    d.targets.push_back(Target{std::move(uri), {}, std::nullopt, 1000, 0});
    return d;
}

// Path values are a comma list (RFC 3327); each becomes one Route value, in order.
std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    message::ValueListCursor cur(path);
    std::string_view v;
    while (cur.next(v))
        if (!v.empty()) out.emplace_back(v);
    return out;
}

// The Request-URI with its user part replaced (dial-plan rewriting).
std::string with_user(const message::Uri& uri, std::string_view user) {
    if (uri.scheme == UriScheme::Tel) return "tel:" + std::string(user);
    const std::string_view t = uri.text;
    if (uri.user.empty()) {
        const std::size_t colon = t.find(':');
        return std::string(t.substr(0, colon + 1)) + std::string(user) + "@" +
               std::string(t.substr(colon + 1));
    }
    const std::size_t at = static_cast<std::size_t>(uri.user.data() - t.data());
    // Any password goes with the old user.
    const std::size_t end = t.find('@', at);
    return std::string(t.substr(0, at)) + std::string(user) + std::string(t.substr(end));
}

}  // namespace

std::optional<transport::Endpoint> parse_source(std::string_view text) {
    const std::size_t first = text.find(':');
    const std::size_t last = text.rfind(':');
    if (first == std::string_view::npos || last == first) return std::nullopt;
    auto t = transport::transport_from_token(text.substr(0, first));
    if (!t) return std::nullopt;
    std::string_view ip = text.substr(first + 1, last - first - 1);
    if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    std::uint16_t port = 0;
    const std::string_view p = text.substr(last + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || ptr != p.data() + p.size() || ip.empty() || port == 0)
        return std::nullopt;
    return transport::Endpoint{*t, std::string(ip), port};
}

TargetDecision TargetResolver::resolve(const TargetQuery& q) const {
    const message::Message& req = q.request;
    auto ruri = req.request_uri();
    if (!ruri) return refuse(400, "Bad Request (Request-URI)");

    // A request inside a dialog we record-routed (our Route consumed, a To tag) follows the
    // dialog's path wherever it leads; a Route of ours on an initial request only says the
    // UA uses us as its outbound proxy, which grants nothing.
    auto to = req.to();
    const bool dialog_path = q.own_route_removed && to && to->has_tag;
    const bool may_relay = q.trusted || dialog_path;

    // §16.4/§16.6: a request with a route set left goes to its Request-URI by that route.
    if (req.has(HeaderId::Route)) {
        if (may_relay) return single(std::string(ruri->text));
        return refuse(403, "Forbidden (relaying denied)");
    }
    // The remote target of a dialog is a phone's Contact, even when it names our host.
    const bool named_ours = names_our_domain(config_, *ruri);
    if (dialog_path && !named_ours) return single(std::string(ruri->text));

    const bool tel = ruri->scheme == UriScheme::Tel;
    const bool ours = !tel && ruri->is_sip() && (named_ours || config_.any_domain);
    if (ours) {
        if (!ruri->user.empty()) return local_user(q, *ruri, ruri->host.text);
        return refuse(404, "Not Found (no user in the Request-URI)");
    }
    const std::string user = tel ? std::string(ruri->opaque) : message::unescape(ruri->user);
    if (auto m = plan_.match(user, false, tel)) return dial_plan(q, *m);
    if (tel) return refuse(404, "Not Found (no dial-plan rule for the number)");
    // §16.5: a domain we are not responsible for: the Request-URI is the target. RFC 3263
    // resolution is done only for senders we trust.
    if (!q.trusted) return refuse(403, "Forbidden (relaying denied)");
    return single(std::string(ruri->text));
}

TargetDecision TargetResolver::local_user(const TargetQuery& q, const message::Uri& ruri,
                                          std::string_view domain) const {
    const std::string user = message::unescape(ruri.user);
    const std::string aor = aor_of(ruri);
    std::vector<store::Binding> bindings;
    if (location_ != nullptr) bindings = location_->lookup(aor);
    std::erase_if(bindings, [&](const store::Binding& b) { return b.expires_at <= q.now_s; });
    const bool known =
        !bindings.empty() || (users_ != nullptr && users_->find(user, lower(domain)) != nullptr);
    if (!known) {
        if (auto m = plan_.match(user, true, false)) return dial_plan(q, *m);
        return refuse(404);
    }
    if (bindings.empty()) return refuse(480, "Temporarily Unavailable (not registered)");

    // Highest q first; equal q keeps registration order. Parallel forking puts every
    // contact in one group; sequential forking makes a group per q-value (§16.6).
    std::stable_sort(bindings.begin(), bindings.end(),
                     [](const store::Binding& a, const store::Binding& b) { return a.q > b.q; });
    if (bindings.size() > config_.max_branches) bindings.resize(config_.max_branches);
    TargetDecision d;
    d.kind = std::any_of(config_.redirect_domains.begin(), config_.redirect_domains.end(),
                         [&](const std::string& r) { return lower(r) == lower(domain); })
                 ? TargetDecision::Kind::Redirect
                 : TargetDecision::Kind::Forward;
    std::size_t group = 0;
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        const store::Binding& b = bindings[i];
        if (!config_.parallel_forking && i > 0 && b.q != bindings[i - 1].q) ++group;
        Target t;
        t.uri = b.contact;
        t.routes = split_path(b.path);
        if (t.routes.empty() && config_.use_registration_source)
            t.endpoint = parse_source(b.source);
        t.q = b.q;
        t.group = group;
        d.targets.push_back(std::move(t));
    }
    return d;
}

TargetDecision TargetResolver::dial_plan(const TargetQuery& q, const DialMatch& m) const {
    const DialRule& rule = *m.rule;
    if (rule.require_trust && !q.trusted) return refuse(403, "Forbidden (dial plan needs trust)");
    TargetDecision d;
    d.kind = rule.mode == RouteMode::Redirect ? TargetDecision::Kind::Redirect
                                              : TargetDecision::Kind::Forward;
    d.stateless = rule.mode == RouteMode::Stateless;
    std::size_t group = 0;
    for (const DialTarget& dt : rule.targets) {
        auto turi = message::parse_uri(dt.uri);
        if (!turi || !turi->is_sip()) continue;  // compile() is where the config is judged
        // The number goes to the gateway as the user of the target URI; its host, port
        // and parameters route it.
        Target t;
        t.uri = with_user(*turi, message::escape(m.user, message::UriComponent::User));
        t.endpoint = dt.endpoint;
        t.group = group++;
        d.targets.push_back(std::move(t));
    }
    if (d.targets.empty()) return refuse(500, "Server Internal Error (rule has no usable target)");
    return d;
}

}  // namespace dialtone::server::proxy
