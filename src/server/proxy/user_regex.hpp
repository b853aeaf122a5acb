#pragma once
// A regular expression a dial-plan rule matches the whole Request-URI user part against.
// POSIX extended syntax (regcomp), as Kamailio's dialplan and most PBX route patterns use:
// no templates to instantiate (GCC 12 reports false maybe-uninitialized warnings inside
// std::regex at -O2), and no recursion per character on input that comes from the network.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::server::proxy {

class UserRegex {
  public:
    // nullopt, with the reason in `error`, when `pattern` does not compile.
    static std::optional<UserRegex> compile(std::string_view pattern, std::string& error);

    // True when the whole of `user` matches (the pattern is anchored at both ends).
    bool matches(std::string_view user) const;

  private:
    struct Compiled;
    std::shared_ptr<const Compiled> compiled_;
};

}  // namespace dialtone::server::proxy
