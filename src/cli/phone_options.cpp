#include "cli/phone_options.hpp"

#include <iostream>

#include "dialtone/sip/transport/transport.hpp"
#include "ops/config_file.hpp"
#include "ua/duration_text.hpp"
#include "ua/uri_text.hpp"

namespace dialtone::cli {

void add_account_options(CLI::App* cmd, PhoneCommandOptions& o, bool with_registrar) {
    cmd->add_option("--password", o.settings.account.password,
                    "digest password, answered to 401/407 challenges (RFC 3261 §22.2)");
    cmd->add_option("--user", o.settings.account.username,
                    "digest user name (default: the user part of the account's URI)");
    cmd->add_option("--display-name", o.settings.account.display_name, "From display name");
    cmd->add_option("--outbound-proxy", o.outbound_proxy,
                    "send every request through this proxy (URI or HOST[:PORT]); a loose "
                    "route, RFC 3261 §8.1.2");
    if (with_registrar) {
        cmd->add_option("--registrar", o.registrar,
                        "where to register (URI or HOST[:PORT]); default: the account's domain");
        cmd->add_option("--expires", o.settings.account.expires,
                        "registration interval asked for, in seconds (RFC 3261 §10.2.1.1)")
            ->check(CLI::Range(1u, 86400u))
            ->capture_default_str();
    }
    cmd->add_option("--transport", o.transport, "transport for our requests")
        ->check(CLI::IsMember({"udp", "tcp", "tls"}))
        ->capture_default_str();
}

void add_media_options(CLI::App* cmd, PhoneCommandOptions& o) {
    auto* play = cmd->add_option("--play", o.settings.play_file,
                                 "send this WAV file (any rate, mono or stereo; 8 kHz G.711)");
    auto* tone = cmd->add_option("--tone", o.tone, "send a sine tone of this frequency in Hz")
                     ->check(CLI::Range(20.0, 3900.0));
    play->excludes(tone);
    cmd->add_flag("--loop", o.settings.loop_play, "play the --play file over and over");
    cmd->add_option("--record", o.settings.record_file,
                    "record what the peer sends to this WAV file (8 kHz mono)");
    cmd->add_option("--dtmf", o.settings.dtmf,
                    "send these digits (0-9 * # A-D) once the call is up, as RFC 4733 events");
    cmd->add_flag("--dtmf-info", o.settings.dtmf_info,
                  "send the --dtmf digits as SIP INFO (application/dtmf-relay) instead");
    cmd->add_option("--duration", o.duration,
                    "hang up this long after the answer, e.g. 10s, 1500ms, 2m (default: when "
                    "the peer hangs up, or Ctrl-C)");
    cmd->add_option("--hold-after", o.hold_after,
                    "put the call on hold (re-INVITE, sendonly) this long after the answer");
    cmd->add_option("--resume-after", o.resume_after,
                    "take it off hold this long after the answer");
    cmd->add_flag("--update", o.settings.prefer_update,
                  "hold and resume with UPDATE (RFC 3311) when the peer allows it");
    cmd->add_option("--session-expires", o.settings.session_expires,
                    "RFC 4028 session interval to ask for in seconds (0: none)")
        ->capture_default_str();
    cmd->add_option("--rtp-address", o.settings.media_address,
                    "bind RTP here (default: the address SIP uses)");
}

void add_runtime_options(CLI::App* cmd, PhoneCommandOptions& o) {
    cmd->add_option("--bind", o.runtime.bind, "local address for SIP (UDP and TCP)")
        ->capture_default_str();
    cmd->add_option("--port", o.runtime.port, "local SIP port (0: any free port)")
        ->capture_default_str();
    cmd->add_option("--t1", o.t1_ms, "RFC 3261 T1 in milliseconds")
        ->check(CLI::Range(1, 60000))
        ->capture_default_str();
    cmd->add_flag("-v,--verbose", o.verbose, "log the runtime's events on stderr");
    cmd->add_option("-c,--config", o.config_file,
                    "TOML file whose [ua] section gives the account, password, registrar, "
                    "outbound proxy and transport (flags override it)");
    o.cmd = cmd;
}

namespace {

// The [ua] section under whatever the command line said.
bool apply_config_file(PhoneCommandOptions& o, std::string& error) {
    if (o.config_file.empty()) return true;
    const ops::LoadedConfig loaded = ops::load_config_file(o.config_file);
    if (!loaded.ok()) {
        error = ops::format_config_error(o.config_file, loaded.errors.front());
        return false;
    }
    const ops::UaSettings& ua = loaded.settings.ua;
    const auto given = [&o](const char* flag) {
        return o.cmd != nullptr && o.cmd->count(flag) > 0;
    };
    ua::PhoneAccount& a = o.settings.account;
    if (!given("--password")) a.password = ua.password;
    if (!given("--user")) a.username = ua.user;
    if (!given("--outbound-proxy")) o.outbound_proxy = ua.outbound_proxy;
    if (!given("--registrar")) o.registrar = ua.registrar;
    if (!given("--transport")) o.transport = ua.transport;
    if (!given("--expires")) a.expires = ua.expires;
    // The AoR: a positional (phone, register) left out, or --from (call, message) left at
    // its default.
    const bool has_from = o.cmd != nullptr && o.cmd->get_option_no_throw("--from") != nullptr;
    if (!ua.account.empty() && (a.aor.empty() || (has_from && !given("--from")))) {
        a.aor = ua.account;
    }
    return true;
}

}  // namespace

bool finish_phone_options(PhoneCommandOptions& o, std::string& error) {
    if (!apply_config_file(o, error)) return false;
    ua::PhoneSettings& s = o.settings;
    if (s.account.aor.empty()) {
        error =
            "no account: give its URI (e.g. sip:alice@example.test) or [ua] account in --config";
        return false;
    }
    s.account.transport = *transport::transport_from_token(o.transport);
    if (!o.registrar.empty()) {
        auto uri = ua::sip_uri_from_text(o.registrar);
        if (!uri) {
            error = "--registrar \"" + o.registrar + "\" is not a host or SIP URI";
            return false;
        }
        s.account.registrar = *uri;
    }
    if (!o.outbound_proxy.empty()) {
        auto uri = ua::sip_uri_from_text(o.outbound_proxy);
        if (!uri) {
            error = "--outbound-proxy \"" + o.outbound_proxy + "\" is not a host or SIP URI";
            return false;
        }
        s.account.outbound_proxy = *uri;
    }
    const auto duration = [&error](const std::string& text, const char* flag,
                                   std::optional<std::chrono::milliseconds>& out) {
        if (text.empty()) return true;
        out = ua::parse_duration_text(text);
        if (!out) error = std::string(flag) + " \"" + text + "\" is not a duration (10s, 500ms)";
        return out.has_value();
    };
    std::optional<std::chrono::milliseconds> answer_delay;
    if (!duration(o.duration, "--duration", s.duration) ||
        !duration(o.hold_after, "--hold-after", s.hold_after) ||
        !duration(o.resume_after, "--resume-after", s.resume_after) ||
        !duration(o.answer_delay, "--answer-delay", answer_delay)) {
        return false;
    }
    if (answer_delay) s.answer_delay = *answer_delay;
    if (o.tone > 0) s.tone_hz = o.tone;
    for (char c : s.dtmf) {
        if (std::string_view("0123456789*#ABCDabcd").find(c) == std::string_view::npos) {
            error = std::string("--dtmf: '") + c + "' is not a DTMF digit (0-9 * # A-D)";
            return false;
        }
    }
    s.t1 = std::chrono::milliseconds(o.t1_ms);
    o.runtime.log_level = o.verbose ? "debug" : "error";
    return true;
}

ua::PhoneOutcome run_phone_command(const char* name, PhoneCommandOptions& o, bool& started) {
    std::string error;
    ua::PhoneOutcome outcome = ua::run_phone(o.settings, o.runtime, error);
    started = error.empty();
    if (!started) std::cerr << "dialtone " << name << ": " << error << "\n";
    return outcome;
}

}  // namespace dialtone::cli
