#pragma once
// RFC 4028 session timers as pure decisions over messages, used by the UserAgent both as
// UAC and as UAS.

#include <cstdint>
#include <optional>
#include <string>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/instant.hpp"

namespace dialtone::dialog {

// A session timer in force: its interval and whether we are the refresher.
struct SessionTimer {
    std::uint32_t interval = 0;  // seconds
    bool we_refresh = false;
};

// What a UAS does with a session-timer-bearing request (RFC 4028 §9).
struct UasSessionTimer {
    // 422 when the request's Session-Expires is below our Min-SE (then `min_se` is the
    // value for the Min-SE header of the 422); 400 for an unreadable header; else 0.
    int reject_status = 0;
    std::uint32_t min_se = 90;
    // The timer to run after our 2xx, and the headers to put on it.
    std::optional<SessionTimer> timer;
    std::string session_expires;  // value for Session-Expires on the 2xx, "" for none
    bool require_timer = false;   // put "Require: timer" on the 2xx (the UAC refreshes)
};

// RFC 4028 §9: `wanted` is our own Session-Expires (0: we request none), `min_se` ours.
// The interval is the request's, lowered to `wanted` when that is smaller but never below
// the request's Min-SE; without a request value we may ask for `wanted` ourselves (§9,
// 2nd paragraph). Refresher: the request's choice, else the UAC when it supports "timer",
// else us.
UasSessionTimer uas_session_timer(const message::Message& request, std::uint32_t wanted,
                                  std::uint32_t min_se);

// RFC 4028 §7.2: the timer a 2xx to our request sets up; nullopt when it carries no
// Session-Expires. A 2xx without a refresher parameter leaves the refresh to us (the UAC).
std::optional<SessionTimer> uac_session_timer(const message::Message& response);

// RFC 4028 §10: the refresher refreshes at half the interval.
transaction::Duration refresh_delay(const SessionTimer& t);
// RFC 4028 §10: the other side sends BYE if no refresh came by the interval minus the
// smaller of 32 s and a third of it.
transaction::Duration expiry_delay(const SessionTimer& t);

}  // namespace dialtone::dialog
