// `dialtone resolve URI`: the RFC 3263 server location a request to URI would use, one
// target per line in the order they would be tried (like `kamcmd dns.*` / `dig` for SIP).

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "runtime/dns_resolver.hpp"

namespace dialtone::cli {

namespace {

struct ResolveOptions {
    std::string uri;
    std::string dns_server;
    bool json = false;
    bool verbose = false;
    bool ipv4_only = false;
    bool ipv6_only = false;
    int timeout_ms = 2000;
    int tries = 2;
};

std::string_view status_text(transport::DnsStatus s) {
    switch (s) {
        case transport::DnsStatus::Ok:
            return "ok";
        case transport::DnsStatus::NoRecords:
            return "none";
        case transport::DnsStatus::Failed:
            return "failed";
    }
    return "failed";
}

std::string step_line(const transport::LookupStep& s) {
    std::string out(transport::dns_type_name(s.query.type));
    out += ' ' + s.query.name + ": ";
    if (s.status == transport::DnsStatus::Ok) {
        out += std::to_string(s.records) + (s.records == 1 ? " record" : " records");
    } else if (s.status == transport::DnsStatus::NoRecords) {
        out += "no records";
    } else {
        out += s.error;
    }
    return out;
}

nlohmann::json target_json(std::size_t index, const transport::ResolvedTarget& t) {
    nlohmann::json j{{"index", index},
                     {"transport", std::string(transport::uri_token(t.endpoint.transport))},
                     {"ip", t.endpoint.ip},
                     {"port", t.endpoint.port},
                     {"transport_from_uri", t.transport_pinned}};
    if (!t.host.empty()) {
        j["host"] = t.host;
        j["record"] = std::string(transport::dns_type_name(t.address_record));
    }
    if (t.srv) {
        j["srv"] = {
            {"name", t.srv->name}, {"priority", t.srv->priority}, {"weight", t.srv->weight}};
    }
    if (t.naptr) {
        j["naptr"] = {{"order", t.naptr->order},
                      {"preference", t.naptr->preference},
                      {"service", t.naptr->service}};
    }
    return j;
}

nlohmann::json result_json(const std::string& uri, const runtime::ResolveResult& r) {
    nlohmann::json targets = nlohmann::json::array();
    for (std::size_t i = 0; i < r.targets.size(); ++i) {
        targets.push_back(target_json(i + 1, r.targets.targets()[i]));
    }
    nlohmann::json lookups = nlohmann::json::array();
    for (const transport::LookupStep& s : r.steps) {
        nlohmann::json l{{"type", std::string(transport::dns_type_name(s.query.type))},
                         {"name", s.query.name},
                         {"status", std::string(status_text(s.status))},
                         {"records", s.records}};
        if (!s.error.empty()) l["error"] = s.error;
        lookups.push_back(l);
    }
    return {{"uri", uri}, {"targets", targets}, {"lookups", lookups}, {"problems", r.problems}};
}

// Why nothing resolved, from the lookups that were made: "NAPTR example.test: no records;
// SRV _sip._udp.example.test: timeout; ...".
std::string nothing_resolved(const runtime::ResolveResult& r) {
    std::string out;
    for (const transport::LookupStep& s : r.steps) {
        if (!out.empty()) out += "; ";
        out += step_line(s);
    }
    for (const std::string& p : r.problems) {
        if (out.find(p) != std::string::npos) continue;
        if (!out.empty()) out += "; ";
        out += p;
    }
    return out.empty() ? "no lookups were possible" : out;
}

int run_resolve(const ResolveOptions& opt) {
    const auto uri = message::parse_uri(opt.uri, false);
    if (!uri) {
        std::cerr << "dialtone resolve: \"" << opt.uri
                  << "\" is not a valid URI: " << uri.error().description() << "\n";
        return 1;
    }
    const auto request = transport::locate_request_from_uri(*uri);
    if (!request) {
        std::cerr << "dialtone resolve: " << opt.uri << ": " << request.error().description()
                  << "\n";
        return 1;
    }

    runtime::DnsResolverConfig config;
    config.servers = opt.dns_server;
    config.timeout = std::chrono::milliseconds(opt.timeout_ms);
    config.tries = opt.tries;
    config.locator.ipv4 = !opt.ipv6_only;
    config.locator.ipv6 = !opt.ipv4_only;

    boost::asio::io_context io;
    std::string error;
    auto resolver = runtime::DnsResolver::create(io, config, error);
    if (!resolver) {
        std::cerr << "dialtone resolve: " << error << "\n";
        return 1;
    }
    std::optional<runtime::ResolveResult> result;
    // c-ares bounds every query (it doubles the timeout on each round over the servers);
    // this bounds the whole walk of up to four steps (NAPTR, SRV, A/AAAA), plus a margin.
    const long servers = opt.dns_server.empty()
                             ? 3  // resolv.conf holds at most three nameservers
                             : 1 + std::count(opt.dns_server.begin(), opt.dns_server.end(), ',');
    const auto per_query =
        std::chrono::milliseconds(opt.timeout_ms) * servers * ((1L << opt.tries) - 1);
    boost::asio::steady_timer deadline(io, per_query * 4 + std::chrono::seconds(1));
    deadline.async_wait([&io](const boost::system::error_code& ec) {
        if (!ec) io.stop();
    });
    resolver->resolve(*request, [&](runtime::ResolveResult r) {
        result = std::move(r);
        deadline.cancel();
    });
    io.run();
    if (!result) {
        std::cerr << "dialtone resolve: " << opt.uri << ": DNS did not answer in time\n";
        return 1;
    }

    if (opt.verbose) {
        for (const transport::LookupStep& s : result->steps) {
            std::cerr << "lookup " << step_line(s) << "\n";
        }
        for (const std::string& p : result->problems)
            std::cerr << "note: " << p << "\n";
    }
    if (opt.json) {
        std::cout << result_json(opt.uri, *result).dump(2) << "\n";
    } else {
        std::size_t index = 1;
        for (const transport::ResolvedTarget& t : result->targets.targets()) {
            std::cout << index++ << ' ' << transport::describe_endpoint(t.endpoint) << " ("
                      << transport::describe_origin(t) << ")\n";
        }
    }
    if (result->targets.empty()) {
        std::cerr << "dialtone resolve: no targets for " << opt.uri << ": "
                  << nothing_resolved(*result) << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

void add_resolve_command(CLI::App& app, int& exit_code) {
    auto opt = std::make_shared<ResolveOptions>();
    CLI::App* cmd = app.add_subcommand(
        "resolve",
        "Locate the servers for a SIP or SIPS URI (RFC 3263: NAPTR, SRV, A/AAAA) and print "
        "them in the order a request would try them: '<n> <transport> <ip>:<port> "
        "(<how it was found>)'.\nExit status: 0 when at least one target resolved, 1 otherwise.");
    cmd->add_option("uri", opt->uri, "the target, e.g. sip:example.com or sips:[::1]:5061")
        ->required();
    cmd->add_option("--dns-server", opt->dns_server,
                    "DNS servers to ask, IP[:PORT] or [IPv6]:PORT, comma-separated (default: "
                    "the system's, from /etc/resolv.conf)");
    cmd->add_flag("--json", opt->json, "print targets, lookups and problems as JSON");
    cmd->add_flag("-v,--verbose", opt->verbose, "print every lookup and its outcome on stderr");
    auto* v4 = cmd->add_flag("-4,--ipv4-only", opt->ipv4_only, "look up A records only");
    auto* v6 = cmd->add_flag("-6,--ipv6-only", opt->ipv6_only, "look up AAAA records only");
    v4->excludes(v6);
    cmd->add_option("--timeout-ms", opt->timeout_ms, "time to wait for one DNS answer")
        ->check(CLI::Range(10, 60000))
        ->capture_default_str();
    cmd->add_option("--tries", opt->tries, "times to ask each DNS server")
        ->check(CLI::Range(1, 5))
        ->capture_default_str();
    cmd->callback([opt, &exit_code] { exit_code = run_resolve(*opt); });
}

}  // namespace dialtone::cli
