// The config file (DESIGN.md §2.8): every key has a default, and every fault names its key and
// line so `dialtone config check` can point at it.

#include "ops/config_file.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::ops {
namespace {

const ConfigError* find_error(const LoadedConfig& loaded, const std::string& key) {
    for (const ConfigError& e : loaded.errors) {
        if (e.key == key) return &e;
    }
    return nullptr;
}

TEST(ConfigFile, EmptyFileGivesTheDefaults) {
    const LoadedConfig loaded = parse_config("");
    ASSERT_TRUE(loaded.ok());
    const Settings defaults;
    EXPECT_EQ(loaded.settings.server.db, defaults.server.db);
    EXPECT_EQ(loaded.settings.registrar.min_expires, 60u);
    EXPECT_EQ(loaded.settings.registrar.auth_algorithms,
              (std::vector<std::string>{"SHA-256", "MD5"}));
    EXPECT_TRUE(loaded.settings.proxy.record_route);
    EXPECT_TRUE(loaded.settings.dialplan.empty());
}

TEST(ConfigFile, ReadsEverySection) {
    const LoadedConfig loaded = parse_config(R"(
[server]
listen = ["udp:127.0.0.1:5070", "tls:[::1]:5071"]
workers = 3
db = "/var/lib/dialtone/d.db"
log_level = "debug"
max_message_size = 4096

[tls]
cert = "c.pem"
key = "k.pem"
verify_client = true

[registrar]
domains = ["example.test", "other.test"]
min_expires = 30
default_expires = 600
durability = "normal"
auth_algorithms = ["MD5"]

[proxy]
record_route = false
forking = "sequential"
trusted_peers = ["192.0.2.0/24", "2001:db8::1"]
)");
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().message;
    const Settings& s = loaded.settings;
    EXPECT_EQ(s.server.listen.size(), 2u);
    EXPECT_EQ(s.server.workers, 3u);
    EXPECT_EQ(s.server.db, "/var/lib/dialtone/d.db");
    EXPECT_EQ(s.server.log_level, "debug");
    EXPECT_EQ(s.server.max_message_size, 4096u);
    EXPECT_EQ(s.tls.cert, "c.pem");
    EXPECT_TRUE(s.tls.verify_client);
    EXPECT_EQ(s.registrar.domains, (std::vector<std::string>{"example.test", "other.test"}));
    EXPECT_EQ(s.registrar.min_expires, 30u);
    EXPECT_EQ(s.registrar.default_expires, 600u);
    EXPECT_EQ(s.registrar.durability, "normal");
    EXPECT_EQ(s.registrar.auth_algorithms, (std::vector<std::string>{"MD5"}));
    EXPECT_FALSE(s.proxy.record_route);
    EXPECT_EQ(s.proxy.forking, "sequential");
    EXPECT_EQ(s.proxy.trusted_peers.size(), 2u);
}

TEST(ConfigFile, UnknownKeyIsNamedWithItsLineAndANearName) {
    const LoadedConfig loaded = parse_config("[registrar]\n\nmin_expire = 30\n");
    ASSERT_EQ(loaded.errors.size(), 1u);
    const ConfigError& e = loaded.errors.front();
    EXPECT_EQ(e.key, "registrar.min_expire");
    EXPECT_EQ(e.line, 3u);
    EXPECT_NE(e.message.find("did you mean 'registrar.min_expires'"), std::string::npos)
        << e.message;
}

TEST(ConfigFile, UnknownSectionIsAnError) {
    const LoadedConfig loaded = parse_config("[registar]\nmin_expires = 30\n");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors.front().line, 1u);
    EXPECT_EQ(loaded.errors.front().key, "registar");
}

TEST(ConfigFile, WrongTypeAndOutOfRangeNameKeyAndLine) {
    const LoadedConfig loaded = parse_config(
        "[server]\nworkers = \"two\"\nmax_message_size = 10\n[proxy]\nforking = \"random\"\n");
    ASSERT_EQ(loaded.errors.size(), 3u);
    const ConfigError* workers = find_error(loaded, "server.workers");
    ASSERT_NE(workers, nullptr);
    EXPECT_EQ(workers->line, 2u);
    EXPECT_NE(workers->message.find("whole number"), std::string::npos);
    const ConfigError* size = find_error(loaded, "server.max_message_size");
    ASSERT_NE(size, nullptr);
    EXPECT_EQ(size->line, 3u);
    EXPECT_NE(size->message.find("out of range"), std::string::npos);
    const ConfigError* forking = find_error(loaded, "proxy.forking");
    ASSERT_NE(forking, nullptr);
    EXPECT_EQ(forking->line, 5u);
    EXPECT_NE(forking->message.find("parallel"), std::string::npos);
}

TEST(ConfigFile, BadListItemsAreFound) {
    const LoadedConfig loaded = parse_config(
        "[server]\nlisten = [\"udp:127.0.0.1:5060\", \"smtp:1.2.3.4\"]\n"
        "[proxy]\ntrusted_peers = [\"10.0.0.0/33\"]\n"
        "[registrar]\nauth_algorithms = [\"SHA-512\"]\n");
    EXPECT_NE(find_error(loaded, "server.listen"), nullptr);
    EXPECT_NE(find_error(loaded, "proxy.trusted_peers"), nullptr);
    EXPECT_NE(find_error(loaded, "registrar.auth_algorithms"), nullptr);
    EXPECT_EQ(loaded.errors.size(), 3u);
}

TEST(ConfigFile, SyntaxErrorHasItsLine) {
    const LoadedConfig loaded = parse_config("[server]\nworkers = 2\ndb = \"unterminated\n");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors.front().line, 3u);
    EXPECT_TRUE(loaded.errors.front().key.empty());
}

TEST(ConfigFile, RegistrarExpiriesMustBeOrdered) {
    const LoadedConfig loaded =
        parse_config("[registrar]\nmin_expires = 600\nmax_expires = 300\ndefault_expires = 400\n");
    EXPECT_NE(find_error(loaded, "registrar.max_expires"), nullptr);
    EXPECT_NE(find_error(loaded, "registrar.default_expires"), nullptr);
}

TEST(ConfigFile, DialPlanRulesInOrder) {
    const LoadedConfig loaded = parse_config(R"(
[[dialplan]]
name = "internal"
pattern = "1111...."
targets = ["sip:192.0.2.10:5060", "sip:192.0.2.11;transport=tcp"]

[[dialplan]]
name = "intl"
prefix = "00"
strip = 2
prepend = "+"
targets = ["sips:gw.example.test"]
mode = "redirect"
)");
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().message;
    ASSERT_EQ(loaded.settings.dialplan.size(), 2u);
    const DialPlanRule& first = loaded.settings.dialplan[0];
    EXPECT_EQ(first.name, "internal");
    EXPECT_EQ(first.pattern, "1111....");
    EXPECT_EQ(first.targets.size(), 2u);
    EXPECT_EQ(first.mode, "proxy");
    EXPECT_EQ(first.line, 2u);
    const DialPlanRule& second = loaded.settings.dialplan[1];
    EXPECT_EQ(second.prefix, "00");
    EXPECT_EQ(second.strip, 2u);
    EXPECT_EQ(second.prepend, "+");
    EXPECT_EQ(second.mode, "redirect");
}

TEST(ConfigFile, DialPlanRuleFaults) {
    const LoadedConfig loaded = parse_config(R"([[dialplan]]
prefix = "9"
regex = "^9"
targets = ["sip:a.test"]

[[dialplan]]
pattern = "12x4"
targets = ["mailto:a@b.test"]

[[dialplan]]
regex = "(unclosed"
targets = []
destination = "x"
)");
    EXPECT_NE(find_error(loaded, "dialplan[1]"), nullptr);  // two matchers
    const ConfigError* pattern = find_error(loaded, "dialplan[2].pattern");
    ASSERT_NE(pattern, nullptr);
    EXPECT_EQ(pattern->line, 7u);
    EXPECT_NE(find_error(loaded, "dialplan[2].targets"), nullptr);
    EXPECT_NE(find_error(loaded, "dialplan[3].regex"), nullptr);
    EXPECT_NE(find_error(loaded, "dialplan[3].targets"), nullptr);
    const ConfigError* unknown = find_error(loaded, "dialplan[3].destination");
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->line, 13u);
}

TEST(ConfigFile, DialPlanMustBeArrayOfTables) {
    const LoadedConfig loaded = parse_config("[dialplan]\nprefix = \"1\"\n");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors.front().key, "dialplan");
}

TEST(ConfigFile, DefaultsTextParsesBackToTheDefaults) {
    const LoadedConfig loaded = parse_config(default_config_text());
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().message;
    const Settings defaults;
    EXPECT_EQ(loaded.settings.registrar.max_expires, defaults.registrar.max_expires);
    EXPECT_EQ(loaded.settings.registrar.auth_algorithms, defaults.registrar.auth_algorithms);
    EXPECT_EQ(loaded.settings.proxy.timer_c, defaults.proxy.timer_c);
    EXPECT_EQ(loaded.settings.server.max_connections_per_ip,
              defaults.server.max_connections_per_ip);
}

TEST(ConfigFile, MissingFileIsOneErrorWithoutALine) {
    const LoadedConfig loaded = load_config_file("/nonexistent/dialtone.toml");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors.front().line, 0u);
    EXPECT_EQ(format_config_error("/nonexistent/dialtone.toml", loaded.errors.front()),
              "/nonexistent/dialtone.toml: cannot open the file");
}

}  // namespace
}  // namespace dialtone::ops
