#include "server/proxy/dial_plan.hpp"

namespace dialtone::server::proxy {

std::optional<DialPlan> DialPlan::compile(const std::vector<DialRule>& rules, std::string& error) {
    DialPlan plan;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const DialRule& r = rules[i];
        const std::string name = r.name.empty() ? "rule " + std::to_string(i + 1) : r.name;
        if (r.pattern.empty()) {
            error = name + ": empty pattern";
            return std::nullopt;
        }
        if (r.targets.empty()) {
            error = name + ": no targets";
            return std::nullopt;
        }
        Compiled c{r, std::nullopt};
        if (r.kind == PatternKind::Regex) {
            std::string why;
            c.regex = UserRegex::compile(r.pattern, why);
            if (!c.regex) {
                error = name + ": bad regular expression '" + r.pattern + "': " + why;
                return std::nullopt;
            }
        } else if (r.kind == PatternKind::DigitPattern) {
            const std::size_t t = r.pattern.find('T');
            if (t != std::string::npos && t + 1 != r.pattern.size()) {
                error = name + ": 'T' may only end a destination pattern";
                return std::nullopt;
            }
        }
        plan.rules_.push_back(std::move(c));
    }
    return plan;
}

bool DialPlan::matches(const Compiled& c, std::string_view user) {
    const std::string& p = c.rule.pattern;
    switch (c.rule.kind) {
        case PatternKind::Prefix:
            return user.substr(0, p.size()) == p;
        case PatternKind::DigitPattern: {
            const bool open = !p.empty() && p.back() == 'T';
            const std::size_t fixed = open ? p.size() - 1 : p.size();
            if (open ? user.size() < fixed : user.size() != fixed) return false;
            for (std::size_t i = 0; i < fixed; ++i)
                if (p[i] != '.' && p[i] != user[i]) return false;
            return true;
        }
        case PatternKind::Regex:
            if (user.size() > kMaxRegexUser) return false;
            return c.regex->matches(user);
    }
    return false;
}

std::optional<DialMatch> DialPlan::match(std::string_view user, bool our_domain, bool tel) const {
    for (const Compiled& c : rules_) {
        if (!our_domain && !tel && !c.rule.any_domain) continue;
        if (!matches(c, user)) continue;
        DialMatch m;
        m.rule = &c.rule;
        m.user = c.rule.prefix;
        m.user += user.substr(std::min(c.rule.strip, user.size()));
        return m;
    }
    return std::nullopt;
}

bool DialPlan::has_stateless_rule() const {
    for (const Compiled& c : rules_)
        if (c.rule.mode == RouteMode::Stateless) return true;
    return false;
}

}  // namespace dialtone::server::proxy
