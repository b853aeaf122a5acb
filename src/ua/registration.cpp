#include "ua/registration.hpp"

#include <algorithm>
#include <utility>

#include "dialtone/sip/message/expires.hpp"
#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/uri.hpp"

namespace dialtone::ua {

using message::HeaderId;
using message::Message;

std::chrono::milliseconds refresh_delay(std::uint32_t granted) {
    using std::chrono::milliseconds;
    const std::int64_t total = static_cast<std::int64_t>(granted) * 1000;
    // 64*T1 = 32 s: a refresh sent later than that before expiry may still be in its
    // transaction when the binding runs out.
    constexpr std::int64_t kTransactionTime = 32'000;
    std::int64_t at = total * 9 / 10;
    if (total - at < kTransactionTime) at = total - kTransactionTime;
    if (at < total / 2) at = total / 2;
    return milliseconds(std::max<std::int64_t>(at, 1000));
}

Registration::Registration(RegistrationConfig config) : config_(std::move(config)) {
    if (config_.credentials) {
        digest_.emplace(*config_.credentials,
                        config_.cnonce ? config_.cnonce : auth::random_cnonce_source());
    }
}

Message Registration::build(std::uint32_t expires) {
    requested_ = expires;
    Message m = Message::request("REGISTER", config_.registrar);
    m.add_header(HeaderId::MaxForwards, "70");
    m.add_header(HeaderId::From, "<" + config_.aor + ">;tag=" + config_.from_tag);
    m.add_header(HeaderId::To, "<" + config_.aor + ">");
    m.add_header(HeaderId::CallId, config_.call_id);
    m.add_header(HeaderId::CSeq, std::to_string(++cseq_) + " REGISTER");
    m.add_header(HeaderId::Contact, "<" + config_.contact + ">");
    m.add_header(HeaderId::Expires, std::to_string(expires));
    m.add_header(HeaderId::UserAgent, config_.user_agent);
    m.add_header(HeaderId::ContentLength, "0");
    return m;
}

void Registration::add_reused_credentials(Message& m) {
    if (!digest_ || last_realm_.empty()) return;
    if (auto again = digest_->reuse(last_realm_, "REGISTER", config_.registrar)) {
        m.add_header(again->header, again->value);
    }
}

Message Registration::refresh() {
    state_ = RegistrationState::Registering;
    auth_attempts_ = 0;
    Message m = build(config_.expires);
    // A refresh reuses the last challenge (next nonce-count) so it is not challenged again.
    add_reused_credentials(m);
    return m;
}

Message Registration::unregister() {
    state_ = RegistrationState::Unregistering;
    auth_attempts_ = 0;
    Message m = build(0);
    add_reused_credentials(m);
    return m;
}

RegistrationStep Registration::fail(int status, std::string reason) {
    RegistrationStep step;
    step.kind = RegistrationStep::Kind::Failed;
    step.status = status;
    step.reason = std::move(reason);
    if (state_ == RegistrationState::Unregistering) {
        state_ = RegistrationState::Unregistered;
    } else {
        state_ = RegistrationState::Failed;
        step.wait = config_.retry_after;
    }
    return step;
}

std::uint32_t Registration::granted_interval(const Message& response) const {
    // §10.2.4: the registrar's 2xx lists every binding of the AoR; ours carries the interval
    // it granted as an expires parameter, or the Expires header gives it for all.
    auto ours = message::parse_uri(config_.contact);
    std::optional<std::uint32_t> from_contact;
    auto contacts = response.values(HeaderId::Contact);
    std::string_view element;
    while (contacts.next(element)) {
        auto na = message::parse_name_addr(element, true);
        if (!na || na->star || !ours || !message::uri_equal(na->uri, *ours)) continue;
        auto e = message::parse_expires(na->param("expires"));
        if (e) from_contact = *e;
        break;
    }
    if (from_contact) return *from_contact;
    if (response.has(HeaderId::Expires)) {
        if (auto e = message::parse_expires(response.header(HeaderId::Expires))) return *e;
    }
    return requested_;
}

RegistrationStep Registration::on_response(const Message& response) {
    const int status = response.status();
    const std::string reason(response.reason());
    if (status >= 200 && status < 300) {
        auth_attempts_ = 0;
        interval_retries_ = 0;
        RegistrationStep step;
        if (state_ == RegistrationState::Unregistering) {
            state_ = RegistrationState::Unregistered;
            granted_ = 0;
            step.kind = RegistrationStep::Kind::Unregistered;
            step.status = status;
            return step;
        }
        granted_ = granted_interval(response);
        if (granted_ == 0) return fail(status, "the registrar kept no binding for our Contact");
        state_ = RegistrationState::Registered;
        step.kind = RegistrationStep::Kind::Registered;
        step.status = status;
        step.granted = granted_;
        step.wait = refresh_delay(granted_);
        return step;
    }
    if ((status == 401 || status == 407) && digest_) {
        if (++auth_attempts_ > 2) return fail(status, reason + " (credentials refused)");
        const bool unregistering = state_ == RegistrationState::Unregistering;
        Message retry = build(requested_);
        auto answer = digest_->answer(response, "REGISTER", config_.registrar);
        if (!answer) return fail(status, reason + ": " + answer.error().description());
        retry.add_header(answer->header, answer->value);
        last_realm_ = answer->realm;
        state_ = unregistering ? RegistrationState::Unregistering : RegistrationState::Registering;
        RegistrationStep step;
        step.kind = RegistrationStep::Kind::Send;
        step.request = std::move(retry);
        step.status = status;
        return step;
    }
    if (status == 423 && state_ != RegistrationState::Unregistering && interval_retries_ == 0) {
        // §10.2.8: retry with at least the registrar's Min-Expires.
        auto min =
            message::parse_expires(response.header(HeaderId::MinExpires), HeaderId::MinExpires);
        if (min && *min > config_.expires) {
            ++interval_retries_;
            config_.expires = *min;
            RegistrationStep step;
            step.kind = RegistrationStep::Kind::Send;
            step.request = build(config_.expires);
            add_reused_credentials(*step.request);
            step.status = status;
            return step;
        }
    }
    return fail(status, reason);
}

}  // namespace dialtone::ua
