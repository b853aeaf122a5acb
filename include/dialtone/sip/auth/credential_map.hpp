#pragma once
// An in-memory CredentialLookup: realm -> username -> HA1s. The server loads every user at
// start and builds a new map when the store's generation changes.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dialtone/sip/auth/credentials.hpp"

namespace dialtone::auth {

class CredentialMap final : public CredentialLookup {
  public:
    // Adds or replaces one user.
    void set(std::string_view username, std::string_view realm, UserCredentials credentials);
    bool erase(std::string_view username, std::string_view realm);
    const UserCredentials* find(std::string_view username, std::string_view realm) const override;
    std::size_t size() const { return size_; }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    template <class V>
    using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
    Map<Map<UserCredentials>> realms_;
    std::size_t size_ = 0;
};

}  // namespace dialtone::auth
