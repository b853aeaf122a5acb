#include "dialtone/sip/auth/credential_map.hpp"

namespace dialtone::auth {

void CredentialMap::set(std::string_view username, std::string_view realm,
                        UserCredentials credentials) {
    auto realm_it = realms_.find(realm);
    if (realm_it == realms_.end())
        realm_it = realms_.emplace(std::string(realm), Map<UserCredentials>{}).first;
    auto& users = realm_it->second;
    auto user_it = users.find(username);
    if (user_it == users.end()) {
        users.emplace(std::string(username), std::move(credentials));
        ++size_;
    } else {
        user_it->second = std::move(credentials);
    }
}

bool CredentialMap::erase(std::string_view username, std::string_view realm) {
    auto realm_it = realms_.find(realm);
    if (realm_it == realms_.end()) return false;
    auto user_it = realm_it->second.find(username);
    if (user_it == realm_it->second.end()) return false;
    realm_it->second.erase(user_it);
    --size_;
    return true;
}

const UserCredentials* CredentialMap::find(std::string_view username,
                                           std::string_view realm) const {
    auto realm_it = realms_.find(realm);
    if (realm_it == realms_.end()) return nullptr;
    auto user_it = realm_it->second.find(username);
    return user_it == realm_it->second.end() ? nullptr : &user_it->second;
}

}  // namespace dialtone::auth
