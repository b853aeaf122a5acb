#pragma once
// The UserAgent's state and the helpers its handlers share (user_agent.cpp: the public
// entry points and timers; ua_uac.cpp: responses to what we sent; ua_uas.cpp: requests we
// receive; ua_session.cpp: offer/answer, session timers and in-dialog requests we start).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "dialtone/sip/auth/digest_client.hpp"
#include "dialtone/sip/dialog/dialog.hpp"
#include "dialtone/sip/dialog/glare_backoff.hpp"
#include "dialtone/sip/dialog/session_timer.hpp"
#include "dialtone/sip/dialog/ua_action.hpp"
#include "dialtone/sip/dialog/ua_config.hpp"
#include "dialtone/sip/dialog/user_agent.hpp"
#include "dialtone/sip/sdp/offer_answer.hpp"
#include "dialtone/sip/transaction/action.hpp"
#include "sip/dialog/builders.hpp"
#include "sip/dialog/uas_checks.hpp"

namespace dialtone::dialog {

enum class PendingKind : std::uint8_t {
    Invite,
    ReInvite,
    Update,
    Bye,
    Cancel,
    Prack,
    Info,
    ForkBye
};

enum class TimerKind : std::uint8_t { Retransmit2xx, Retransmit1xx, Glare, Refresh, Expiry };
inline constexpr std::size_t kTimerKinds = 5;

// A request we asked the runtime to send, until its final response.
struct Pending {
    RequestToken token = 0;
    std::uint64_t call = 0;
    PendingKind kind = PendingKind::Invite;
    message::Message request = message::Message::response(0);
    std::string next_hop;
    transaction::ClientHandle txn;
    int auth_attempts = 0;
    int redirects = 0;
    bool retried_422 = false;
    bool refresh = false;  // a session refresh (RFC 4028), not a hold/resume
    bool hold = false;     // the hold state the offer asks for
};

// Our 2xx to an INVITE (initial or re-INVITE), re-sent until the ACK (§13.3.1.4).
struct Pending2xx {
    transaction::ServerHandle txn;
    message::Message response = message::Message::response(0);
    std::uint32_t cseq = 0;
    Instant first_sent;
    Duration interval{0};
    bool initial = false;
};

// Our reliable provisional (RFC 3262 §3), re-sent until PRACKed.
struct PendingReliable1xx {
    message::Message response = message::Message::response(0);
    std::uint32_t rseq = 0;
    Instant first_sent;
    Duration interval{0};
};

struct Call {
    std::uint64_t handle = 0;
    bool uac = false;
    CallState state = CallState::Calling;
    bool ended_reported = false;
    bool owns_call_id = false;
    std::string call_id;
    std::string local_tag;

    // UAC: the INVITE transaction now running (changes on auth retry and redirect).
    RequestToken invite_token = 0;
    std::uint32_t invite_cseq = 0;
    bool provisional_seen = false;
    bool cancel_wanted = false;
    bool cancel_sent = false;
    std::map<std::string, Dialog> early;  // early dialogs by remote tag
    std::optional<message::Message> ack;  // ACK for the 2xx, re-sent for its retransmissions
    std::string ack_next_hop;
    std::map<std::string, std::uint32_t> last_rseq;  // RFC 3262 §4, per early dialog

    // UAS: the initial INVITE.
    transaction::ServerHandle invite_txn;
    transaction::RequestPtr invite_request;
    std::optional<UasSessionTimer> uas_timer;
    bool reliable_1xx = false;  // the INVITE requires 100rel
    std::uint32_t next_rseq = 1;
    std::optional<PendingReliable1xx> pending_1xx;
    std::optional<Pending2xx> pending_2xx;
    bool bye_after_ack = false;
    // A re-INVITE of the peer we have not answered yet (§14.2: a second one gets 500).
    bool peer_invite_open = false;

    std::optional<Dialog> dialog;

    // Offer/answer (RFC 3264).
    sdp::MediaCapabilities caps;
    std::uint64_t sdp_id = 0;
    std::optional<sdp::SessionDescription> local_sdp;   // last SDP of ours in force
    std::optional<sdp::SessionDescription> remote_sdp;  // last SDP of the peer in force
    std::optional<sdp::NegotiatedSession> session;
    std::optional<sdp::SessionDescription> offer_out;  // our offer awaiting its answer
    std::optional<sdp::SessionDescription> offer_in;   // the peer's offer awaiting ours
    bool offer_out_in_2xx = false;  // offer_out travels in our 2xx; the answer comes in ACK
    bool hold = false;
    bool peer_update = false;        // the peer's Allow lists UPDATE (RFC 3311 §5.1)
    bool modify_pending = false;     // our re-INVITE or UPDATE is out
    std::optional<bool> glare_hold;  // the hold state a 491'd modification retries with
    bool glare_refresh = false;

    std::optional<SessionTimer> session_timer;
    std::array<std::uint64_t, kTimerKinds> timers{};
};

struct UserAgent::Impl {
    explicit Impl(UaConfig c);

    UaConfig config;
    std::mt19937_64 rng;
    std::optional<auth::DigestClient> digest;
    std::string supported;

    std::uint64_t next_call = 1;
    RequestToken next_token = 1;
    std::uint64_t next_timer = 1;
    std::unordered_map<std::uint64_t, Call> calls;
    std::unordered_map<DialogId, std::uint64_t> dialogs;
    std::unordered_map<RequestToken, Pending> pending;
    std::unordered_map<transaction::ClientHandle, RequestToken> by_txn;
    std::unordered_map<std::uint64_t, std::pair<std::uint64_t, TimerKind>> timer_owner;

    // --- helpers (user_agent.cpp) ---
    std::uint64_t random();
    std::string new_tag() { return hex64(random()).substr(0, 10); }
    std::string via_value();
    Call* find(CallHandle h);
    Call* find(std::uint64_t h) { return find(CallHandle{h}); }
    Call* find_dialog(const message::Message& m, bool from_remote);
    void index_dialog(Call& c, const Dialog& d);
    void unindex(Call& c);
    void erase_call(std::uint64_t handle, std::vector<UaAction>& out);
    void report_end(Call& c, EndReason reason, int status, std::vector<UaAction>& out);
    void start_timer(Call& c, TimerKind kind, Duration d, Instant now, std::vector<UaAction>& out);
    void cancel_timer(Call& c, TimerKind kind, std::vector<UaAction>& out);
    RequestToken submit(Call* c, PendingKind kind, message::Message request, std::string next_hop,
                        std::vector<UaAction>& out, const Pending* from = nullptr);
    void add_capabilities(message::Message& m, bool contact);
    void respond(transaction::ServerHandle txn, message::Message response,
                 std::vector<UaAction>& out);

    // --- requests we receive (ua_uas.cpp) ---
    void on_request(const transaction::DeliverRequest& d, Instant now, std::vector<UaAction>& out);
    void on_new_invite(const transaction::DeliverRequest& d, Instant now,
                       std::vector<UaAction>& out);
    void on_in_dialog(Call& c, const transaction::DeliverRequest& d, Instant now,
                      std::vector<UaAction>& out);
    void on_ack(const message::Message& ack, Instant now, std::vector<UaAction>& out);
    void on_cancel(const transaction::DeliverRequest& d, Instant now, std::vector<UaAction>& out);
    void on_reinvite(Call& c, const transaction::DeliverRequest& d, Instant now,
                     std::vector<UaAction>& out);
    void on_update(Call& c, const transaction::DeliverRequest& d, Instant now,
                   std::vector<UaAction>& out);
    // Answers the offer in a re-INVITE or UPDATE (RFC 3264, RFC 3311) into `response`; when
    // the offer is unreadable or refused, answers the transaction with the error instead and
    // returns false, the session unchanged (§14.2).
    bool answer_offer(Call& c, const transaction::DeliverRequest& d, sdp::AnswerOptions options,
                      message::Message& response, std::vector<UaAction>& out);
    void send_2xx(Call& c, transaction::ServerHandle txn, message::Message response, bool initial,
                  Instant now, std::vector<UaAction>& out);
    void retransmit_2xx(Call& c, Instant now, std::vector<UaAction>& out);
    void retransmit_1xx(Call& c, Instant now, std::vector<UaAction>& out);

    // --- responses to what we sent (ua_uac.cpp) ---
    void on_response(Pending& p, const message::Message* response, int status, Instant now,
                     std::vector<UaAction>& out);
    void on_invite_response(Call& c, Pending& p, const message::Message* response, int status,
                            Instant now, std::vector<UaAction>& out);
    void on_invite_2xx(Call& c, Pending& p, const message::Message& response, Instant now,
                       std::vector<UaAction>& out);
    void on_invite_1xx(Call& c, Pending& p, const message::Message& response, Instant now,
                       std::vector<UaAction>& out);
    void on_modify_response(Call& c, Pending& p, const message::Message* response, int status,
                            Instant now, std::vector<UaAction>& out);
    bool retry(Pending& p, const message::Message& response, std::vector<UaAction>& out);
    void send_ack(Call* c, Dialog& d, const Pending& invite, std::string_view body,
                  std::vector<UaAction>& out);
    void end_extra_fork(const Pending& invite, const message::Message& response,
                        std::vector<UaAction>& out);

    // --- sessions (ua_session.cpp) ---
    DialogRequest in_dialog(Call& c, std::string_view method, bool contact);
    void send_bye(Call& c, std::vector<UaAction>& out);
    OpStatus modify(Call& c, bool hold, bool refresh, Instant now, std::vector<UaAction>& out);
    void add_session_expires(Call& c, message::Message& m, bool as_uac);
    void arm_session_timer(Call& c, std::optional<SessionTimer> t, Instant now,
                           std::vector<UaAction>& out);
};

}  // namespace dialtone::dialog
