#include "server/proxy/user_regex.hpp"

#include <regex.h>

namespace dialtone::server::proxy {

struct UserRegex::Compiled {
    regex_t regex{};
    ~Compiled() { regfree(&regex); }
};

std::optional<UserRegex> UserRegex::compile(std::string_view pattern, std::string& error) {
    // Anchored so "1234" does not match "91234x": a rule names the whole user part.
    const std::string anchored = "^(" + std::string(pattern) + ")$";
    auto compiled = std::make_shared<Compiled>();
    const int rc = regcomp(&compiled->regex, anchored.c_str(), REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char reason[256];
        regerror(rc, &compiled->regex, reason, sizeof reason);
        // regcomp leaves nothing to free on failure; keep the destructor from calling regfree.
        compiled->regex = regex_t{};
        error = reason;
        return std::nullopt;
    }
    UserRegex out;
    out.compiled_ = std::move(compiled);
    return out;
}

bool UserRegex::matches(std::string_view user) const {
    const std::string text(user);  // regexec wants a NUL-terminated string
    return regexec(&compiled_->regex, text.c_str(), 0, nullptr, 0) == 0;
}

}  // namespace dialtone::server::proxy
