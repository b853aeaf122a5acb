#pragma once
// What the softphone commands (`dialtone call`, `phone`, `register`, `message`) ask of the
// phone runtime (phone_handler.hpp): the account, what to do, the media to send and where
// to put what is received. Filled from the command line (and the [ua] config section).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dialtone/sip/transport/transport.hpp"
#include "ua/port_pair.hpp"

namespace dialtone::ua {

// One line of progress for the person at the terminal ("ringing: 180 Ringing").
using ProgressPrinter = std::function<void(const std::string& line)>;

struct PhoneAccount {
    std::string aor;  // "sip:alice@example.test"
    std::string display_name;
    std::string username;  // digest user; empty: the AoR's user part
    std::string password;  // empty: no credentials (a challenge ends the request)
    // Where REGISTERs go and where every other request goes first, as URIs
    // ("sip:127.0.0.1:5070"); empty: the outbound proxy or the AoR's domain, and none. The
    // REGISTER's Request-URI is the AoR's domain either way (RFC 3261 §10.2).
    std::string registrar;
    std::string outbound_proxy;
    transport::Transport transport = transport::Transport::Udp;
    std::uint32_t expires = 3600;
};

enum class PhoneMode : std::uint8_t {
    Call,      // place one call to `target`, then finish
    Wait,      // register (unless told not to) and take calls until stopped
    Register,  // register, refresh until stopped, then unregister
    Message,   // send one MESSAGE to `target`, then finish
};

struct PhoneSettings {
    PhoneMode mode = PhoneMode::Call;
    PhoneAccount account;
    bool register_account = true;  // Wait mode: REGISTER first
    std::string target;            // Call and Message
    std::string message_text;      // Message
    std::string message_type = "text/plain";

    // Media: what we send (a WAV file or a tone; silence when neither) and record.
    std::string play_file;
    bool loop_play = false;
    std::optional<double> tone_hz;
    std::string record_file;
    std::string media_address;  // RTP bind address; empty: the SIP contact address
    PortRange rtp_ports;

    // Call behaviour.
    std::optional<std::chrono::milliseconds> duration;      // hang up this long after answer
    std::optional<std::chrono::milliseconds> hold_after;    // re-INVITE sendonly after answer
    std::optional<std::chrono::milliseconds> resume_after;  // and back to sendrecv
    std::string dtmf;                           // digits to send once answered (RFC 4733)
    bool dtmf_info = false;                     // send them as SIP INFO instead
    std::chrono::milliseconds dtmf_delay{500};  // after the answer, before the first digit
    bool delayed_offer = false;                 // INVITE without SDP
    bool prefer_update = false;
    std::uint32_t session_expires = 1800;

    // Wait mode.
    bool auto_answer = false;
    std::chrono::milliseconds answer_delay{0};  // ringing this long before answering
    int max_calls = 0;                          // finish after this many calls ended (0: never)

    std::chrono::milliseconds t1{500};
    // Tells the command to stop the runtime (the call, the MESSAGE or the unregistration
    // is over). Thread-safe.
    std::function<void()> finish;
    ProgressPrinter print;
};

// What the command exits with.
struct PhoneOutcome {
    bool answered = false;    // a call was established
    bool registered = false;  // a REGISTER was answered 2xx
    int final_status = 0;     // of the INVITE or MESSAGE
    bool failed = false;      // something that makes the command exit 1
    int calls_ended = 0;
};

}  // namespace dialtone::ua
