// `dialtone options URI`: sends one OPTIONS request (RFC 3261 §11) the way every request of
// this element goes out (runtime::OutboundRequests: RFC 3263 location and failover, the
// transaction layer's retransmissions and timeouts) from a one-worker runtime on an
// ephemeral local port, and prints the answer: like `sipsak -s URI`, with failover.

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "runtime/logging.hpp"
#include "runtime/server.hpp"
#include "runtime/sip_handler.hpp"

namespace dialtone::cli {

namespace {

struct OptionsOptions {
    std::string uri;
    std::string transport;  // empty: as RFC 3263 finds it
    std::string dns_server;
    std::string bind = "0.0.0.0";
    int t1_ms = 500;
    double timeout_s = 0;  // 0: until every target has been tried
    int dns_timeout_ms = 2000;
    bool verbose = false;
};

struct Outcome {
    bool answered = false;  // a final response arrived (or was made for a failure)
    int status = 0;
    std::string status_line;
    std::string reason;  // why a made-up final response was made
    bool synthesized = false;
    std::string allow, supported, server;
    std::string from;   // the target it came from
    std::string error;  // the request could not even start
};

std::string random_token(std::mt19937_64& random) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    std::uint64_t v = random();
    for (int i = 0; i < 16; ++i, v >>= 4)
        out += kHex[v & 15];
    return out;
}

std::optional<message::Message> build_request(const std::string& uri) {
    std::random_device rd;
    std::mt19937_64 random((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
    std::string text = "OPTIONS " + uri + " SIP/2.0\r\n";
    text += "Max-Forwards: 70\r\n";
    text += "From: <sip:options@dialtone.invalid>;tag=" + random_token(random) + "\r\n";
    text += "To: <" + uri + ">\r\n";
    text += "Call-ID: " + random_token(random) + random_token(random) + "@dialtone\r\n";
    text += "CSeq: 1 OPTIONS\r\n";
    text += "Accept: application/sdp\r\n";
    text += "User-Agent: dialtone\r\n";
    text += "Content-Length: 0\r\n\r\n";
    auto parsed = message::Message::parse(text);
    if (!parsed) return std::nullopt;
    return std::move(*parsed);
}

void print_outcome(const OptionsOptions& opt, const Outcome& o) {
    if (!o.error.empty()) {
        std::cerr << "dialtone options: " << opt.uri << ": " << o.error << "\n";
        return;
    }
    if (!o.answered) {
        std::cerr << "dialtone options: " << opt.uri << ": no final response within "
                  << opt.timeout_s << " s\n";
        return;
    }
    if (o.synthesized) {
        // Nothing answered: the status is the one RFC 3261 §8.1.3.1 tells a UAC to act on.
        std::cerr << "dialtone options: " << opt.uri << ": " << o.status
                  << (o.status == 408 ? " (no answer): " : " (unreachable): ") << o.reason << "\n";
        return;
    }
    std::cout << o.status_line << "\n";
    if (!o.allow.empty()) std::cout << "Allow: " << o.allow << "\n";
    if (!o.supported.empty()) std::cout << "Supported: " << o.supported << "\n";
    if (!o.server.empty()) std::cout << "Server: " << o.server << "\n";
    if (o.status < 200 || o.status >= 300) {
        std::cerr << "dialtone options: " << opt.uri << " answered " << o.status << " from "
                  << o.from << "\n";
    }
}

int run_options(const OptionsOptions& opt) {
    // The outcome is what this command prints; the runtime's own events only with -v.
    if (!runtime::setup_logging(opt.verbose ? "debug" : "error")) return 1;
    const auto uri = message::parse_uri(opt.uri, false);
    if (!uri) {
        std::cerr << "dialtone options: \"" << opt.uri
                  << "\" is not a valid URI: " << uri.error().description() << "\n";
        return 1;
    }
    auto hop = transport::locate_request_from_uri(*uri);
    if (!hop) {
        std::cerr << "dialtone options: " << opt.uri << ": " << hop.error().description() << "\n";
        return 1;
    }
    if (!opt.transport.empty()) {
        hop->transport = transport::transport_from_token(opt.transport);
        if (hop->secure && hop->transport != transport::Transport::Tls) {
            std::cerr << "dialtone options: a sips: URI is reached over TLS only (RFC 3261 "
                         "§26.2.2)\n";
            return 1;
        }
    }
    auto request = build_request(opt.uri);
    if (!request) {
        std::cerr << "dialtone options: cannot build an OPTIONS request for " << opt.uri << "\n";
        return 1;
    }

    runtime::ServerConfig config;
    runtime::ListenSpec listen;
    listen.address = opt.bind;
    listen.port = 0;
    config.listen = {listen};
    config.workers = 1;
    config.handle_signals = false;
    // Once the answer is in, nothing else is owed; after --timeout, the request is dropped.
    config.shutdown_grace = std::chrono::milliseconds(200);

    runtime::SipHandlerShared shared;
    server::ResponderConfig rc = runtime::responder_config(config);
    rc.allow = "OPTIONS";
    shared.responder = std::make_shared<const server::Responder>(rc);
    shared.tag_secret = rc.tag_secret;
    const std::chrono::milliseconds t1(opt.t1_ms);
    // T2 and T4 keep their RFC ratio to T1 (4 s : 500 ms, 5 s : 500 ms), so every timer
    // (E's cap, F = 64*T1, K = T4) scales with --t1.
    shared.layer.timers.t1 = t1;
    shared.layer.timers.t2 = t1 * 8;
    shared.layer.timers.t4 = t1 * 10;
    shared.layer.timers.timer_d_unreliable = t1 * 64;
    std::random_device rd;
    shared.layer.seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    shared.outbound.dns.servers = opt.dns_server;
    shared.outbound.dns.timeout = std::chrono::milliseconds(opt.dns_timeout_ms);
    const bool v6 = opt.bind.find(':') != std::string::npos;
    shared.outbound.dns.locator.ipv4 = !v6;
    shared.outbound.dns.locator.ipv6 = v6;

    runtime::SipHandler* handler = nullptr;
    runtime::Server server(config, [&shared, &handler](runtime::WorkerServices& services) {
        auto h = std::make_unique<runtime::SipHandler>(shared, services);
        handler = h.get();
        return h;
    });
    try {
        server.open();
    } catch (const std::exception& e) {
        std::cerr << "dialtone options: " << e.what() << "\n";
        return 1;
    }

    Outcome outcome;
    std::optional<boost::asio::steady_timer> deadline;
    server.post_to_worker(0, [&](runtime::WorkerServices& services) {
        if (opt.timeout_s > 0) {
            deadline.emplace(services.io_context(),
                             std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(opt.timeout_s)));
            deadline->async_wait([&server](const boost::system::error_code& ec) {
                if (!ec) server.stop();
            });
        }
        runtime::OutboundCallbacks callbacks;
        callbacks.on_attempt = [](const transport::ResolvedTarget& t, std::size_t index,
                                  std::size_t total) {
            std::cerr << "trying " << index + 1 << "/" << total << ": "
                      << transport::describe_endpoint(t.endpoint) << " ("
                      << transport::describe_origin(t) << ")\n";
        };
        callbacks.on_failover = [](const transport::AttemptRecord& a) {
            std::cerr << "failed: " << transport::describe_endpoint(a.endpoint) << ": " << a.outcome
                      << "; trying the next target\n";
        };
        callbacks.on_response = [&](const runtime::OutboundResponse& r) {
            const message::Message& m = *r.response;
            if (m.status() < 200) {
                std::cerr << "provisional: " << m.status() << ' ' << m.reason() << "\n";
                return;
            }
            outcome.answered = true;
            outcome.status = m.status();
            outcome.status_line =
                "SIP/2.0 " + std::to_string(m.status()) + ' ' + std::string(m.reason());
            outcome.synthesized = r.synthesized;
            outcome.reason = r.reason;
            outcome.allow = std::string(m.header(message::HeaderId::Allow));
            outcome.supported = std::string(m.header(message::HeaderId::Supported));
            outcome.server = std::string(m.header(message::HeaderId::Server));
            if (r.target) outcome.from = transport::describe_endpoint(r.target->endpoint);
            if (deadline) deadline->cancel();
            server.stop();
        };
        std::cerr << "sending OPTIONS " << opt.uri << "\n";
        auto sent = handler->outbound().send(std::move(*request), std::move(callbacks), *hop);
        if (!sent) {
            outcome.error = sent.error().description();
            if (deadline) deadline->cancel();
            server.stop();
        }
    });
    server.run();
    print_outcome(opt, outcome);
    return outcome.answered && !outcome.synthesized && outcome.status >= 200 && outcome.status < 300
               ? 0
               : 1;
}

}  // namespace

void add_options_command(CLI::App& app, int& exit_code) {
    auto opt = std::make_shared<OptionsOptions>();
    CLI::App* cmd = app.add_subcommand(
        "options",
        "Send an OPTIONS request to a SIP or SIPS URI and print the final status line with the "
        "Allow, Supported and Server headers. The next hop is located as RFC 3263 says "
        "(NAPTR, SRV, A) and tried target by target: a timeout, a transport error or a 503 "
        "moves on to the next. Progress goes to stderr.\nExit status: 0 on a 2xx answer, 1 "
        "otherwise (another status, no answer, DNS failure, transport error).");
    cmd->add_option("uri", opt->uri, "the target, e.g. sip:example.com or sip:127.0.0.1:5060")
        ->required();
    cmd->add_option("--transport", opt->transport,
                    "send over this transport only, as if the URI said ;transport=")
        ->check(CLI::IsMember({"udp", "tcp", "tls"}));
    cmd->add_option("--t1", opt->t1_ms,
                    "RFC 3261 T1 in milliseconds; T2 = 8*T1, T4 = 10*T1, and a target that "
                    "does not answer is given up after 64*T1")
        ->check(CLI::Range(1, 60000))
        ->capture_default_str();
    cmd->add_option("--timeout", opt->timeout_s,
                    "give up after this many seconds in all (0: once every target was tried)")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    cmd->add_option("--dns-server", opt->dns_server,
                    "DNS servers to ask, IP[:PORT] or [IPv6]:PORT, comma-separated (default: "
                    "the system's, from /etc/resolv.conf)");
    cmd->add_option("--dns-timeout-ms", opt->dns_timeout_ms, "time to wait for one DNS answer")
        ->check(CLI::Range(10, 60000))
        ->capture_default_str();
    cmd->add_option("--bind", opt->bind,
                    "local address to send from (an ephemeral port is chosen); an IPv6 "
                    "address makes the request go over IPv6")
        ->capture_default_str();
    cmd->add_flag("-v,--verbose", opt->verbose, "log the runtime's events on stderr");
    cmd->callback([opt, &exit_code] { exit_code = run_options(*opt); });
}

}  // namespace dialtone::cli
