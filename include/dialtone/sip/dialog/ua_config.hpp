#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dialtone/sip/auth/digest_client.hpp"
#include "dialtone/sip/transaction/timer_config.hpp"
#include "dialtone/sip/transport/transport.hpp"

namespace dialtone::dialog {

// How a UserAgent presents itself and which optional behaviours it uses.
struct UaConfig {
    // Our address of record and display name: From of the requests we start.
    std::string aor = "sip:anonymous@invalid";
    std::string display_name;
    // Contact URI of requests and 2xx we send (§8.1.1.8): where we can be reached.
    std::string contact = "sip:anonymous@127.0.0.1:5060";
    // Top Via of requests we send: sent-by host[:port] and transport (§8.1.1.7, §18.1.1).
    std::string via_sent_by = "127.0.0.1:5060";
    transport::Transport transport = transport::Transport::Udp;
    // Pre-loaded route (§8.1.2), e.g. "<sip:proxy.example.com;lr>": out-of-dialog requests
    // carry it as their Route, so they reach the outbound proxy first.
    std::string outbound_proxy;
    std::string user_agent = "Dialtone";

    // Digest credentials for 401/407 (§22.2); without them a challenge ends the request.
    std::optional<auth::ClientCredentials> credentials;
    // cnonce source for digest answers; null: auth::random_cnonce_source().
    auth::CnonceSource cnonce;

    // §8.1.3.4: retry at the Contact of a 3xx, at most this many times (0: report 3xx).
    int max_redirects = 3;
    // §13.2.2.4: a second 2xx of a forked INVITE is ACKed and then ended with BYE.
    bool bye_extra_forks = true;

    // RFC 4028: Session-Expires we ask for in seconds (0: no session timer of our own,
    // though we still honour one the peer asks for) and the smallest we accept.
    std::uint32_t session_expires = 1800;
    std::uint32_t min_se = 90;
    // Use UPDATE (RFC 3311) instead of re-INVITE for hold/resume and refreshes when the
    // peer allows it.
    bool prefer_update = false;
    // RFC 3262: send 1xx reliably when the INVITE requires or supports 100rel.
    bool reliable_provisionals = true;

    // §13.3.1.4 2xx retransmission and the §17.1.1.1 values it uses.
    transaction::TimerConfig timers;

    // Tags, Call-IDs, branches and the §14.1 glare back-off draw from this (64 uniform bits
    // per call). Null: a generator seeded with `seed`. The runtime seeds from the OS.
    std::function<std::uint64_t()> random;
    std::uint64_t seed = 0x5851f42d4c957f2dULL;
};

}  // namespace dialtone::dialog
