#pragma once
// The dial plan (§16.5 target determination for numbers): an ordered list of rules, each a
// pattern on the Request-URI user (prefix, Cisco-style digit pattern, or regular
// expression), the first matching rule wins. Built once from the config; matching does not
// allocate beyond the rewritten user.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/proxy/proxy_config.hpp"
#include "server/proxy/user_regex.hpp"

namespace dialtone::server::proxy {

struct DialMatch {
    const DialRule* rule = nullptr;
    // The user after the rule's strip and prefix.
    std::string user;
};

class DialPlan {
  public:
    DialPlan() = default;
    // Checks every rule (a pattern that is empty or does not compile, a rule without
    // targets, a strip longer than the pattern can guarantee is allowed); on failure
    // `error` names the rule and the problem.
    static std::optional<DialPlan> compile(const std::vector<DialRule>& rules, std::string& error);

    // The first rule matching `user`; `our_domain` says whether the Request-URI host is one
    // of ours (rules without any_domain match only then), `tel` that it was a tel: URI.
    std::optional<DialMatch> match(std::string_view user, bool our_domain, bool tel) const;

    bool empty() const { return rules_.empty(); }
    bool has_stateless_rule() const;

  private:
    struct Compiled {
        DialRule rule;
        std::optional<UserRegex> regex;
    };
    static bool matches(const Compiled& c, std::string_view user);
    std::vector<Compiled> rules_;
};

// Users longer than this never match a regular expression: a user part comes from the
// network, and no dial plan needs more.
inline constexpr std::size_t kMaxRegexUser = 64;

}  // namespace dialtone::server::proxy
