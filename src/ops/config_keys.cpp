#include "ops/config_keys.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

#include "dialtone/sip/message/uri.hpp"
#include "ops/admin_endpoint.hpp"
#include "runtime/listen_spec.hpp"
#include "server/proxy/user_regex.hpp"

namespace dialtone::ops {

namespace {

using Problem = std::optional<std::string>;
using Names = std::vector<std::string_view>;

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string quote_list(const std::vector<std::string>& items) {
    std::vector<std::string> quoted;
    quoted.reserve(items.size());
    for (const std::string& item : items)
        quoted.push_back(quote(item));
    return fmt::format("[{}]", fmt::join(quoted, ", "));
}

std::string_view kind(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table:
            return "table";
        case toml::node_type::array:
            return "array";
        case toml::node_type::string:
            return "string";
        case toml::node_type::integer:
            return "whole number";
        case toml::node_type::floating_point:
            return "number with a fraction";
        case toml::node_type::boolean:
            return "boolean";
        case toml::node_type::date:
        case toml::node_type::time:
        case toml::node_type::date_time:
            return "date or time";
        case toml::node_type::none:
            break;
    }
    return "nothing";
}

Problem not_one_of(std::string_view value, const Names& allowed) {
    if (allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
        return std::nullopt;
    }
    return fmt::format("\"{}\" is not one of: {}", value, fmt::join(allowed, ", "));
}

template <class T, class Target, class Field>
std::function<Problem(const toml::node&, Target&)> whole_number(Field field, T lo, T hi) {
    return [field, lo, hi](const toml::node& node, Target& target) -> Problem {
        const auto* value = node.as_integer();
        if (value == nullptr) return fmt::format("must be a whole number, not a {}", kind(node));
        const std::int64_t n = value->get();
        if (n < static_cast<std::int64_t>(lo) || static_cast<std::uint64_t>(n) > hi) {
            return fmt::format("{} is out of range {}..{}", n, lo, hi);
        }
        field(target) = static_cast<T>(n);
        return std::nullopt;
    };
}

template <class Target, class Field>
std::function<Problem(const toml::node&, Target&)> text(Field field, Names allowed = {}) {
    return [field, allowed](const toml::node& node, Target& target) -> Problem {
        const auto* value = node.as_string();
        if (value == nullptr) return fmt::format("must be a string, not a {}", kind(node));
        if (Problem p = not_one_of(value->get(), allowed)) return p;
        field(target) = value->get();
        return std::nullopt;
    };
}

template <class Target, class Field>
std::function<Problem(const toml::node&, Target&)> flag(Field field) {
    return [field](const toml::node& node, Target& target) -> Problem {
        const auto* value = node.as_boolean();
        if (value == nullptr) return fmt::format("must be true or false, not a {}", kind(node));
        field(target) = value->get();
        return std::nullopt;
    };
}

using ItemCheck = std::function<Problem(std::string_view)>;

template <class Target, class Field>
std::function<Problem(const toml::node&, Target&)> text_list(Field field, ItemCheck check,
                                                             bool allow_empty = true) {
    return [field, check, allow_empty](const toml::node& node, Target& target) -> Problem {
        const auto* array = node.as_array();
        if (array == nullptr)
            return fmt::format("must be an array of strings, not a {}", kind(node));
        if (!allow_empty && array->empty()) return std::string("must not be empty");
        std::vector<std::string> items;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto* item = (*array)[i].as_string();
            if (item == nullptr) {
                return fmt::format("item {} must be a string, not a {}", i + 1, kind((*array)[i]));
            }
            if (check) {
                if (Problem p = check(item->get())) return fmt::format("item {}: {}", i + 1, *p);
            }
            items.push_back(item->get());
        }
        field(target) = std::move(items);
        return std::nullopt;
    };
}

Problem check_listen(std::string_view value) {
    std::string error;
    if (!runtime::parse_listen_spec(value, error)) return error;
    return std::nullopt;
}

Problem check_domain(std::string_view value) {
    auto uri = message::parse_uri(fmt::format("sip:{}", value), false);
    if (!uri || value.find_first_of(";?@:") != std::string_view::npos) {
        return fmt::format("\"{}\" is not a domain name", value);
    }
    return std::nullopt;
}

// An IP address, or an address and prefix length ("10.0.0.0/8", "2001:db8::/32").
Problem check_peer(std::string_view value) {
    const std::size_t slash = value.find('/');
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(value.substr(0, slash)), ec);
    if (ec) return fmt::format("\"{}\" is not an IP address or CIDR prefix", value);
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view bits = value.substr(slash + 1);
    unsigned n = 0;
    const auto [end, error] = std::from_chars(bits.data(), bits.data() + bits.size(), n);
    const unsigned most = address.is_v4() ? 32 : 128;
    if (error != std::errc{} || end != bits.data() + bits.size() || bits.empty() || n > most) {
        return fmt::format("\"{}\": prefix length must be 0..{}", value, most);
    }
    return std::nullopt;
}

Problem check_admin(std::string_view value) {
    if (value == "off") return std::nullopt;
    std::string error;
    if (!parse_admin_endpoint(value, error)) return error;
    return std::nullopt;
}

Problem check_algorithm(std::string_view value) {
    return not_one_of(value, {"SHA-256", "MD5"});
}

Problem check_target(std::string_view value) {
    auto uri = message::parse_uri(value, false);
    if (!uri) return fmt::format("\"{}\" is not a SIP URI: {}", value, uri.error().description());
    if (value.substr(0, 4) != "sip:" && value.substr(0, 5) != "sips:") {
        return fmt::format("\"{}\" is not a sip: or sips: URI", value);
    }
    return std::nullopt;
}

// Digits and the dial characters, with '.' standing for any one of them.
Problem check_pattern(std::string_view value) {
    if (value.empty()) return std::string("must not be empty");
    for (char c : value) {
        const bool ok = (c >= '0' && c <= '9') || c == '*' || c == '#' || c == '+' || c == '.';
        if (!ok) return fmt::format("'{}' is not a digit, *, #, + or '.'", c);
    }
    return std::nullopt;
}

Problem check_regex(std::string_view value) {
    std::string error;
    if (!server::proxy::UserRegex::compile(value, error)) {
        return fmt::format("not a valid regular expression: {}", error);
    }
    return std::nullopt;
}

const Names kLogLevels{"trace", "debug", "info", "warn", "error", "critical", "off"};
constexpr std::uint32_t kDay = 86400;
constexpr std::uint32_t kWeek = 604800;

#define FIELD(path)             \
    [](Settings & s) -> auto& { \
        return s.path;          \
    }
#define SHOW(path) [](const Settings& s) { return fmt::format("{}", s.path); }
#define SHOW_TEXT(path) [](const Settings& s) { return quote(s.path); }
#define SHOW_LIST(path) [](const Settings& s) { return quote_list(s.path); }

const std::vector<ConfigKey>& keys() {
    static const std::vector<ConfigKey> table{
        {"server", "listen",
         "Addresses to listen on, [udp:|tcp:|tls:]ADDR[:PORT]; no protocol means UDP and TCP. "
         "Empty: 0.0.0.0:5060",
         text_list<Settings>(FIELD(server.listen), check_listen), SHOW_LIST(server.listen)},
        {"server", "workers", "Worker threads, each with its own event loop; 0: one per core",
         whole_number<std::size_t, Settings>(FIELD(server.workers), 0, 1024), SHOW(server.workers)},
        {"server", "db", "SQLite database file, created if missing",
         text<Settings>(FIELD(server.db)), SHOW_TEXT(server.db)},
        {"server", "log_level", "trace, debug, info, warn, error, critical or off",
         text<Settings>(FIELD(server.log_level), kLogLevels), SHOW_TEXT(server.log_level)},
        {"server", "tcp_idle_timeout", "Seconds a silent TCP/TLS connection stays open",
         whole_number<std::uint32_t, Settings>(FIELD(server.tcp_idle_timeout), 1, kDay),
         SHOW(server.tcp_idle_timeout)},
        {"server", "message_timeout",
         "Seconds a TCP/TLS message may take to arrive once its first octet has",
         whole_number<std::uint32_t, Settings>(FIELD(server.message_timeout), 1, 3600),
         SHOW(server.message_timeout)},
        {"server", "max_connections_per_ip",
         "TCP/TLS connections one remote IP may hold; 0: no cap",
         whole_number<std::size_t, Settings>(FIELD(server.max_connections_per_ip), 0, 1000000),
         SHOW(server.max_connections_per_ip)},
        {"server", "max_message_size", "Largest SIP message accepted, in octets (larger: 513)",
         whole_number<std::size_t, Settings>(FIELD(server.max_message_size), 1024, 1048576),
         SHOW(server.max_message_size)},
        {"server", "shutdown_grace", "Seconds running work may take to finish after SIGTERM",
         whole_number<std::uint32_t, Settings>(FIELD(server.shutdown_grace), 0, 3600),
         SHOW(server.shutdown_grace)},
        {"server", "admin",
         "Loopback HOST:PORT of the admin HTTP interface (read by `dialtone ctl`), or \"off\"",
         [](const toml::node& node, Settings& settings) -> Problem {
             if (Problem p = text<Settings>(FIELD(server.admin))(node, settings)) return p;
             return check_admin(settings.server.admin);
         },
         SHOW_TEXT(server.admin)},

        {"tls", "cert", "PEM certificate (chain) for TLS listeners",
         text<Settings>(FIELD(tls.cert)), SHOW_TEXT(tls.cert)},
        {"tls", "key", "PEM private key of the certificate", text<Settings>(FIELD(tls.key)),
         SHOW_TEXT(tls.key)},
        {"tls", "ca", "PEM CA certificates that client and peer certificates must chain to",
         text<Settings>(FIELD(tls.ca)), SHOW_TEXT(tls.ca)},
        {"tls", "verify_client", "Require a client certificate signed by a CA of `ca`",
         flag<Settings>(FIELD(tls.verify_client)), SHOW(tls.verify_client)},

        {"registrar", "domains",
         "Domains this server is authoritative for; empty: every domain a phone names",
         text_list<Settings>(FIELD(registrar.domains), check_domain), SHOW_LIST(registrar.domains)},
        {"registrar", "min_expires", "Shortest registration accepted, seconds (shorter: 423)",
         whole_number<std::uint32_t, Settings>(FIELD(registrar.min_expires), 1, kDay),
         SHOW(registrar.min_expires)},
        {"registrar", "max_expires", "Longest registration granted, seconds",
         whole_number<std::uint32_t, Settings>(FIELD(registrar.max_expires), 1, kWeek),
         SHOW(registrar.max_expires)},
        {"registrar", "default_expires", "Registration time when the phone asks for none",
         whole_number<std::uint32_t, Settings>(FIELD(registrar.default_expires), 1, kWeek),
         SHOW(registrar.default_expires)},
        {"registrar", "durability",
         "\"full\" (synced to disk) or \"normal\" (survives a server crash, not a power loss)",
         text<Settings>(FIELD(registrar.durability), {"full", "normal"}),
         SHOW_TEXT(registrar.durability)},
        {"registrar", "auth_algorithms", "Digest algorithms offered, in order (RFC 8760)",
         text_list<Settings>(FIELD(registrar.auth_algorithms), check_algorithm, false),
         SHOW_LIST(registrar.auth_algorithms)},
        {"registrar", "nonce_lifetime",
         "Seconds a digest nonce is accepted; later answers get a fresh one with stale=true",
         whole_number<std::uint32_t, Settings>(FIELD(registrar.nonce_lifetime), 1, kDay),
         SHOW(registrar.nonce_lifetime)},

        {"proxy", "record_route", "Stay in the path of dialogs (Record-Route)",
         flag<Settings>(FIELD(proxy.record_route)), SHOW(proxy.record_route)},
        {"proxy", "forking",
         "\"parallel\" (all contacts at once) or \"sequential\" (by q-value groups)",
         text<Settings>(FIELD(proxy.forking), {"parallel", "sequential"}),
         SHOW_TEXT(proxy.forking)},
        {"proxy", "mode", "For our domains: \"proxy\" forwards, \"redirect\" answers 302",
         text<Settings>(FIELD(proxy.mode), {"proxy", "redirect"}), SHOW_TEXT(proxy.mode)},
        {"proxy", "trusted_peers",
         "IP addresses or CIDR prefixes whose requests are not challenged",
         text_list<Settings>(FIELD(proxy.trusted_peers), check_peer),
         SHOW_LIST(proxy.trusted_peers)},
        {"proxy", "timer_c", "Seconds an INVITE branch may go without a response (Timer C)",
         whole_number<std::uint32_t, Settings>(FIELD(proxy.timer_c), 181, kDay),
         SHOW(proxy.timer_c)},
        {"proxy", "sequential_timeout",
         "Seconds a q-value group rings before sequential forking tries the next one",
         whole_number<std::uint32_t, Settings>(FIELD(proxy.sequential_timeout), 1, kDay),
         SHOW(proxy.sequential_timeout)},

        {"ua", "account", "The softphone's address of record, e.g. \"sip:alice@example.test\"",
         text<Settings>(FIELD(ua.account)), SHOW_TEXT(ua.account)},
        {"ua", "user", "Digest user name; empty: the user part of `account`",
         text<Settings>(FIELD(ua.user)), SHOW_TEXT(ua.user)},
        {"ua", "password", "Digest password of the account", text<Settings>(FIELD(ua.password)),
         SHOW_TEXT(ua.password)},
        {"ua", "registrar", "Where to register (URI or HOST[:PORT]); empty: the account's domain",
         text<Settings>(FIELD(ua.registrar)), SHOW_TEXT(ua.registrar)},
        {"ua", "outbound_proxy", "Proxy every other request goes through; empty: none",
         text<Settings>(FIELD(ua.outbound_proxy)), SHOW_TEXT(ua.outbound_proxy)},
        {"ua", "transport", "\"udp\", \"tcp\" or \"tls\" for the softphone's requests",
         text<Settings>(FIELD(ua.transport), {"udp", "tcp", "tls"}), SHOW_TEXT(ua.transport)},
        {"ua", "expires", "Registration interval asked for, seconds",
         whole_number<std::uint32_t, Settings>(FIELD(ua.expires), 1, kDay), SHOW(ua.expires)},
    };
    return table;
}

#undef FIELD
#define FIELD(member)               \
    [](DialPlanRule & r) -> auto& { \
        return r.member;            \
    }

const std::vector<RuleKey>& dial_plan_keys() {
    static const std::vector<RuleKey> table{
        {"name", "A name for logs", text<DialPlanRule>(FIELD(name))},
        {"prefix", "Take users that start with these characters",
         [](const toml::node& node, DialPlanRule& rule) -> Problem {
             if (Problem p = text<DialPlanRule>(FIELD(prefix))(node, rule)) return p;
             if (rule.prefix.empty()) return std::string("must not be empty");
             return std::nullopt;
         }},
        {"pattern", "Take users matching a destination pattern: digits, '.' for any one digit",
         [](const toml::node& node, DialPlanRule& rule) -> Problem {
             if (Problem p = text<DialPlanRule>(FIELD(pattern))(node, rule)) return p;
             return check_pattern(rule.pattern);
         }},
        {"regex", "Take users matching this POSIX extended regular expression (whole user part)",
         [](const toml::node& node, DialPlanRule& rule) -> Problem {
             if (Problem p = text<DialPlanRule>(FIELD(regex))(node, rule)) return p;
             return check_regex(rule.regex);
         }},
        {"targets", "SIP URIs to send to, tried in order",
         text_list<DialPlanRule>(FIELD(targets), check_target, false)},
        {"strip", "Leading characters removed from the user part",
         whole_number<std::uint32_t, DialPlanRule>(FIELD(strip), 0, 64)},
        {"prepend", "Characters then put in front of the user part",
         text<DialPlanRule>(FIELD(prepend))},
        {"mode", "\"proxy\", \"redirect\" (302 to the targets) or \"stateless\"",
         text<DialPlanRule>(FIELD(mode), {"proxy", "redirect", "stateless"})},
    };
    return table;
}

#undef FIELD
#undef SHOW
#undef SHOW_TEXT
#undef SHOW_LIST

}  // namespace

std::span<const ConfigKey> section_keys() {
    return keys();
}
std::span<const RuleKey> rule_keys() {
    return dial_plan_keys();
}

}  // namespace dialtone::ops
