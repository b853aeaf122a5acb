#include "ops/config_file.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "ops/config_keys.hpp"
#include "ops/similar_name.hpp"

namespace dialtone::ops {

namespace {

ConfigError error_at(const toml::source_region& where, std::string key, std::string message) {
    return ConfigError{where.begin.line, where.begin.column, std::move(key), std::move(message)};
}

std::vector<std::string> known_names() {
    std::vector<std::string> names;
    for (const ConfigKey& key : section_keys()) {
        names.push_back(fmt::format("{}.{}", key.section, key.name));
    }
    for (const RuleKey& key : rule_keys())
        names.push_back(fmt::format("dialplan.{}", key.name));
    return names;
}

std::string unknown_key_message(const std::string& dotted, std::string_view shown) {
    const std::string close = most_similar(dotted, known_names());
    if (close.empty()) return fmt::format("unknown key '{}'", shown);
    return fmt::format("unknown key '{}' (did you mean '{}'?)", shown, close);
}

bool is_section(std::string_view name) {
    const auto keys = section_keys();
    return std::any_of(keys.begin(), keys.end(),
                       [&](const ConfigKey& k) { return k.section == name; });
}

void read_section(std::string_view section, const toml::table& table, LoadedConfig& out) {
    for (auto&& [key, node] : table) {
        const std::string dotted = fmt::format("{}.{}", section, key.str());
        const auto keys = section_keys();
        const auto def = std::find_if(keys.begin(), keys.end(), [&](const ConfigKey& k) {
            return k.section == section && k.name == key.str();
        });
        if (def == keys.end()) {
            out.errors.push_back(
                error_at(key.source(), dotted, unknown_key_message(dotted, dotted)));
            continue;
        }
        if (auto problem = def->read(node, out.settings)) {
            out.errors.push_back(
                error_at(node.source(), dotted, fmt::format("{}: {}", dotted, *problem)));
        }
    }
}

void read_rule(std::size_t index, const toml::table& table, LoadedConfig& out) {
    DialPlanRule rule;
    rule.line = table.source().begin.line;
    const std::string base = fmt::format("dialplan[{}]", index + 1);
    for (auto&& [key, node] : table) {
        const std::string dotted = fmt::format("{}.{}", base, key.str());
        const auto keys = rule_keys();
        const auto def = std::find_if(keys.begin(), keys.end(),
                                      [&](const RuleKey& k) { return k.name == key.str(); });
        if (def == keys.end()) {
            out.errors.push_back(
                error_at(key.source(), dotted,
                         unknown_key_message(fmt::format("dialplan.{}", key.str()), dotted)));
            continue;
        }
        if (auto problem = def->read(node, rule)) {
            out.errors.push_back(
                error_at(node.source(), dotted, fmt::format("{}: {}", dotted, *problem)));
        }
    }
    const int matchers = !rule.prefix.empty() + !rule.pattern.empty() + !rule.regex.empty();
    if (matchers != 1) {
        out.errors.push_back(
            error_at(table.source(), base,
                     fmt::format("{}: needs exactly one of prefix, pattern or regex (has {})", base,
                                 matchers)));
    }
    if (rule.targets.empty() && !table.contains("targets")) {
        out.errors.push_back(
            error_at(table.source(), base, fmt::format("{}: needs targets", base)));
    }
    out.settings.dialplan.push_back(std::move(rule));
}

// Rules between keys (each fine alone) that the registrar relies on.
void check_together(const toml::table& root, LoadedConfig& out) {
    const RegistrarSettings& r = out.settings.registrar;
    const toml::node* registrar = root.get("registrar");
    if (registrar == nullptr || !registrar->is_table()) return;
    const toml::table& t = *registrar->as_table();
    auto where = [&](std::string_view key) {
        const toml::node* n = t.get(key);
        return n != nullptr ? n->source() : t.source();
    };
    if (r.min_expires > r.max_expires) {
        out.errors.push_back(
            error_at(where("max_expires"), "registrar.max_expires",
                     fmt::format("registrar.max_expires ({}) is below registrar.min_expires ({})",
                                 r.max_expires, r.min_expires)));
    }
    if (r.default_expires < r.min_expires || r.default_expires > r.max_expires) {
        out.errors.push_back(error_at(
            where("default_expires"), "registrar.default_expires",
            fmt::format("registrar.default_expires ({}) is outside min_expires..max_expires "
                        "({}..{})",
                        r.default_expires, r.min_expires, r.max_expires)));
    }
}

}  // namespace

LoadedConfig parse_config(std::string_view text, std::string_view source) {
    LoadedConfig out;
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        out.errors.push_back(error_at(e.source(), "", std::string(e.description())));
        return out;
    }
    for (auto&& [key, node] : root) {
        const std::string name(key.str());
        if (name == "dialplan") {
            const toml::array* rules = node.as_array();
            if (rules == nullptr || !rules->is_array_of_tables()) {
                out.errors.push_back(error_at(
                    node.source(), name,
                    "dialplan must be an array of tables: write each rule as [[dialplan]]"));
                continue;
            }
            for (std::size_t i = 0; i < rules->size(); ++i) {
                read_rule(i, *(*rules)[i].as_table(), out);
            }
        } else if (is_section(name)) {
            if (const toml::table* table = node.as_table()) {
                read_section(name, *table, out);
            } else {
                out.errors.push_back(error_at(node.source(), name,
                                              fmt::format("{} must be a [{}] table", name, name)));
            }
        } else {
            out.errors.push_back(error_at(key.source(), name, unknown_key_message(name, name)));
        }
    }
    check_together(root, out);
    return out;
}

LoadedConfig load_config_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        LoadedConfig out;
        out.errors.push_back(ConfigError{0, 0, "", "cannot open the file"});
        return out;
    }
    std::ostringstream content;
    content << file.rdbuf();
    return parse_config(content.str(), path);
}

std::string default_config_text() {
    const Settings defaults;
    std::string out =
        "# dialtone.toml — every key with its default. Delete what you do not change.\n";
    std::string_view section;
    for (const ConfigKey& key : section_keys()) {
        if (key.section != section) {
            section = key.section;
            out += fmt::format("\n[{}]\n", section);
        }
        out += fmt::format("# {}\n{} = {}\n", key.help, key.name, key.write(defaults));
    }
    out +=
        "\n# Dial plan: rules tried in order; the first whose pattern takes the Request-URI\n"
        "# user routes the call. Each rule has exactly one of prefix, pattern or regex.\n"
        "#\n";
    for (const RuleKey& key : rule_keys())
        out += fmt::format("#   {:8} {}\n", key.name, key.help);
    out +=
        "#\n"
        "# [[dialplan]]\n"
        "# name = \"pstn\"\n"
        "# pattern = \"1111....\"\n"
        "# targets = [\"sip:192.0.2.10:5060\", \"sip:192.0.2.11:5060\"]\n"
        "# strip = 0\n"
        "# prepend = \"\"\n"
        "# mode = \"proxy\"\n";
    return out;
}

}  // namespace dialtone::ops
