#include "server/registrar.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "server/binding_update.hpp"
#include "server/make_response.hpp"
#include "server/register_request.hpp"
#include "server/register_response.hpp"

namespace dialtone::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        return lower(x) == lower(y);
    });
}

}  // namespace

Registrar::Registrar(RegistrarConfig config, store::LocationService& location,
                     auth::DigestServer* auth)
    : config_(std::move(config)), location_(location), auth_(auth) {}

bool Registrar::serves_domain(std::string_view domain) const {
    if (config_.domains.empty()) return true;
    return std::any_of(config_.domains.begin(), config_.domains.end(),
                       [&](const std::string& d) { return iequals(d, domain); });
}

void Registrar::handle(std::shared_ptr<const message::Message> request, const std::string& source,
                       std::int64_t now_ms, const std::string& to_tag, Reply reply) {
    const message::Message& req = *request;
    auto refuse = [&](int status, std::string_view reason) {
        reply(make_register_refusal(req, status, reason, config_.policy, to_tag));
    };

    // §10.3 step 1: the Request-URI names the domain whose bindings are asked about.
    auto ruri = req.request_uri();
    if (!ruri || !ruri->is_sip()) return refuse(416, "Unsupported URI Scheme");
    const std::string domain = [&] {
        std::string d(ruri->host.text);
        for (char& c : d)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return d;
    }();
    if (!serves_domain(domain)) return refuse(404, "Not Found (domain not served here)");

    // §10.3 step 3: authenticate, realm = the domain (§22.1 recommends it).
    std::string username;
    if (config_.authenticate) {
        const auth::Instant now{std::chrono::milliseconds(now_ms)};
        auth::Verdict v = auth_->verify(req, auth::AuthKind::Www, domain, now);
        if (!v.ok()) {
            const int status = auth::response_status(v.outcome, auth::AuthKind::Www);
            message::Message r = make_response(req, status, {}, to_tag);
            if (status == 401) {
                auth_->add_challenges(r, auth::AuthKind::Www, domain, now,
                                      auth::challenge_is_stale(v.outcome));
            }
            return reply(std::move(r));
        }
        username = std::move(v.username);
    }

    // §10.3 step 5: the AoR and what the request asks for, read only once the sender is
    // known, so a stranger learns nothing about the request but the challenge.
    auto read = read_register(req);
    if (auto* no = std::get_if<RegisterRefusal>(&read)) return refuse(no->status, no->reason);
    RegisterRequest& asked = std::get<RegisterRequest>(read);
    if (!serves_domain(asked.aor_domain)) {
        return refuse(404, "Not Found (address-of-record not in a domain served here)");
    }
    // §10.3 step 4: an authenticated user registers only their own AoR unless the operator
    // allows third-party registration.
    if (config_.authenticate && !config_.policy.allow_third_party &&
        (username != asked.aor_user || !iequals(asked.aor_domain, domain))) {
        return refuse(403, "Forbidden (not your address-of-record)");
    }

    // Steps 6-7 run atomically on the AoR; step 8 answers with what was committed.
    const std::int64_t now_s = now_ms / 1000;
    auto outcome = std::make_shared<BindingUpdate>();
    location_.update(
        asked.aor,
        [&](std::vector<store::Binding>& bindings) {
            *outcome = apply_register(asked, bindings, now_s, config_.policy, source);
            return outcome->changed;
        },
        [this, request, outcome, now_s, to_tag, reply](bool committed,
                                                       const store::BindingSet& bindings) {
            const message::Message& r = *request;
            if (outcome->status != 200) {
                reply(make_register_refusal(r, outcome->status, outcome->reason, config_.policy,
                                            to_tag));
            } else if (!committed) {
                reply(make_response(r, 500, "Server Internal Error (binding not stored)", to_tag));
            } else {
                reply(make_register_ok(r, *bindings, now_s, to_tag));
            }
        });
}

}  // namespace dialtone::server
