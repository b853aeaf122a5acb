#pragma once
// The keys of the config file: for each, its section, name, what it means, how its TOML value
// is checked and stored into Settings, and how its default is written out. One table serves
// the loader, `dialtone config check` and `dialtone config defaults`, so they cannot disagree.

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ops/settings.hpp"

namespace dialtone::ops {

struct ConfigKey {
    std::string_view section;
    std::string_view name;
    std::string_view help;
    // Stores the value into the settings, or returns why it cannot (wrong type, out of range).
    std::function<std::optional<std::string>(const toml::node&, Settings&)> read;
    // The key's value in `settings`, written as TOML.
    std::function<std::string(const Settings&)> write;
};

// The keys of [server], [tls], [registrar] and [proxy], in the order a default file lists them.
std::span<const ConfigKey> section_keys();
// The keys of each [[dialplan]] table (read into a DialPlanRule instead of Settings).
struct RuleKey {
    std::string_view name;
    std::string_view help;
    std::function<std::optional<std::string>(const toml::node&, DialPlanRule&)> read;
};
std::span<const RuleKey> rule_keys();

}  // namespace dialtone::ops
