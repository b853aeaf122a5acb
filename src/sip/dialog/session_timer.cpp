#include "dialtone/sip/dialog/session_timer.hpp"

#include <algorithm>

#include "dialtone/sip/message/cseq.hpp"
#include "dialtone/sip/message/session_expires.hpp"
#include "dialtone/sip/message/token_list.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;

namespace {

bool supports_timer(const Message& m) {
    auto cursor = m.values(HeaderId::Supported);
    std::string_view v;
    while (cursor.next(v)) {
        if (message::contains_token(v, "timer")) return true;
    }
    cursor = m.values(HeaderId::Require);
    while (cursor.next(v)) {
        if (message::contains_token(v, "timer")) return true;
    }
    return false;
}

}  // namespace

UasSessionTimer uas_session_timer(const Message& request, std::uint32_t wanted,
                                  std::uint32_t min_se) {
    UasSessionTimer out;
    out.min_se = min_se;
    const bool uac_supports = supports_timer(request);
    std::uint32_t request_min_se = 0;
    if (request.has(HeaderId::MinSE)) {
        auto v = message::parse_uint(request.header(HeaderId::MinSE), 0xffffffffU);
        if (!v.ok()) {
            out.reject_status = 400;
            return out;
        }
        request_min_se = *v;
    }
    std::uint32_t interval = 0;
    message::Refresher refresher = message::Refresher::None;
    if (request.has(HeaderId::SessionExpires)) {
        auto se = message::parse_session_expires(request.header(HeaderId::SessionExpires));
        if (!se.ok()) {
            out.reject_status = 400;
            return out;
        }
        if (se->seconds < min_se) {
            // §9: too small for us. The Min-SE we answer is at least the request's own.
            out.reject_status = 422;
            out.min_se = std::max(min_se, request_min_se);
            return out;
        }
        interval = se->seconds;
        refresher = se->refresher;
        // §9: the UAS may shorten the interval, never below the request's Min-SE nor ours.
        if (wanted != 0 && wanted < interval) {
            interval = std::max({wanted, request_min_se, min_se});
        }
    } else if (wanted != 0) {
        interval = std::max({wanted, request_min_se, min_se});
    } else {
        return out;
    }
    if (refresher == message::Refresher::None) {
        refresher = uac_supports ? message::Refresher::Uac : message::Refresher::Uas;
    }
    // A UAC that does not support timers cannot refresh.
    if (!uac_supports) refresher = message::Refresher::Uas;
    out.timer = SessionTimer{interval, refresher == message::Refresher::Uas};
    out.session_expires =
        std::to_string(interval) +
        (refresher == message::Refresher::Uac ? ";refresher=uac" : ";refresher=uas");
    out.require_timer = uac_supports;
    return out;
}

std::optional<SessionTimer> uac_session_timer(const Message& response) {
    if (!response.has(HeaderId::SessionExpires)) return std::nullopt;
    auto se = message::parse_session_expires(response.header(HeaderId::SessionExpires));
    if (!se.ok() || se->seconds == 0) return std::nullopt;
    return SessionTimer{se->seconds, se->refresher != message::Refresher::Uas};
}

transaction::Duration refresh_delay(const SessionTimer& t) {
    return transaction::Duration(std::int64_t{t.interval} * 1000 / 2);
}

transaction::Duration expiry_delay(const SessionTimer& t) {
    const std::int64_t ms = std::int64_t{t.interval} * 1000;
    return transaction::Duration(ms - std::min<std::int64_t>(32000, ms / 3));
}

}  // namespace dialtone::dialog
