#pragma once
// A client registration (RFC 3261 §10.2) as a sans-I/O state machine: it builds each
// REGISTER (same Call-ID for every one of this binding, CSeq up by one each time, §10.2.4),
// answers a 401/407 with digest credentials (§22.2), takes the interval the registrar
// granted from the 2xx (our Contact's expires parameter, else Expires, §10.2.4), raises the
// interval a 423 demands (Min-Expires, §10.2.8), and says when to refresh: before the
// binding runs out. The caller sends the requests (runtime::OutboundRequests adds the Via)
// and runs the timers; nothing here reads a clock.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "dialtone/sip/auth/digest_client.hpp"
#include "dialtone/sip/message/message.hpp"

namespace dialtone::ua {

struct RegistrationConfig {
    std::string aor;        // To and From: "sip:alice@example.test"
    std::string contact;    // our Contact URI: "sip:alice@192.0.2.1:5060"
    std::string registrar;  // Request-URI: "sip:example.test" (§10.2: the AoR's domain)
    std::uint32_t expires = 3600;
    std::optional<auth::ClientCredentials> credentials;
    auth::CnonceSource cnonce;  // null: random
    std::string call_id;        // unique per binding
    std::string from_tag;
    std::string user_agent = "Dialtone";
    // How long to wait before trying again after a failed registration (no answer, 5xx...).
    std::chrono::seconds retry_after{30};
};

// When to send the refresh of a binding granted for `granted` seconds: at nine tenths of
// it (so a refresh that is lost and retransmitted up to Timer F still arrives in time for
// ordinary intervals), but never closer to expiry than the 32 s a non-INVITE transaction
// may take (64*T1), and for very short intervals at half of it. At least 1 s.
std::chrono::milliseconds refresh_delay(std::uint32_t granted);

enum class RegistrationState : std::uint8_t {
    Idle,           // nothing sent yet
    Registering,    // a REGISTER (or its authenticated retry) is out
    Registered,     // bound until the refresh
    Failed,         // the last attempt failed; retry scheduled
    Unregistering,  // Expires: 0 sent
    Unregistered,   // the binding was removed (or never made)
};

// What the caller does after a response.
struct RegistrationStep {
    enum class Kind : std::uint8_t {
        Send,          // send `request` now (an authenticated or corrected retry)
        Registered,    // bound for `granted` s: send refresh() after `wait`
        Unregistered,  // the Expires: 0 was answered 2xx
        Failed,        // `status`/`reason`; when registering, try again after `wait`
    } kind = Kind::Failed;
    std::optional<message::Message> request;
    std::uint32_t granted = 0;
    std::chrono::milliseconds wait{0};
    int status = 0;
    std::string reason;
};

class Registration {
  public:
    explicit Registration(RegistrationConfig config);

    // The first REGISTER, or a refresh; and the one that removes our binding (Expires: 0,
    // §10.2.2). Each takes the next CSeq.
    message::Message refresh();
    message::Message unregister();

    // The final response to the last request made here (a made-up 408/503 for a timeout or
    // transport failure is fine). Provisional responses are ignored by the caller.
    RegistrationStep on_response(const message::Message& response);

    RegistrationState state() const { return state_; }
    std::uint32_t granted() const { return granted_; }
    const RegistrationConfig& config() const { return config_; }

  private:
    message::Message build(std::uint32_t expires);
    // A refresh reuses the last challenge (next nonce-count) so it is not challenged again.
    void add_reused_credentials(message::Message& m);
    RegistrationStep fail(int status, std::string reason);
    std::uint32_t granted_interval(const message::Message& response) const;

    RegistrationConfig config_;
    std::optional<auth::DigestClient> digest_;
    RegistrationState state_ = RegistrationState::Idle;
    std::uint32_t cseq_ = 0;
    std::uint32_t requested_ = 0;  // Expires of the request out
    std::uint32_t granted_ = 0;
    // Challenges answered in a row without a final non-401/407: a second one for the same
    // request means the credentials are wrong (§22.2: do not loop).
    int auth_attempts_ = 0;
    int interval_retries_ = 0;
    std::string last_realm_;
};

}  // namespace dialtone::ua
