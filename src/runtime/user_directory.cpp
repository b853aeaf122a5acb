#include "runtime/user_directory.hpp"

#include <stdexcept>
#include <vector>

namespace dialtone::runtime {

UserDirectory::UserDirectory(store::UserStore& store) : store_(store) {
    std::lock_guard lock(mutex_);
    users_ = load();
    if (!users_) throw std::runtime_error("cannot read the users table");
}

std::shared_ptr<const auth::CredentialMap> UserDirectory::load() {
    std::int64_t generation = 0;
    if (!store_.generation(generation)) return nullptr;
    std::vector<store::UserRow> rows;
    if (!store_.list(rows)) return nullptr;
    auto map = std::make_shared<auth::CredentialMap>();
    for (store::UserRow& row : rows)
        map->set(row.user, row.domain,
                 auth::UserCredentials{std::move(row.ha1_md5), std::move(row.ha1_sha256)});
    generation_ = generation;
    return map;
}

std::shared_ptr<const auth::CredentialMap> UserDirectory::current() {
    std::lock_guard lock(mutex_);
    std::int64_t generation = 0;
    // A failed check keeps serving the users already loaded.
    if (store_.generation(generation) && generation != generation_) {
        if (auto fresh = load()) users_ = std::move(fresh);
    }
    return users_;
}

std::size_t UserDirectory::size() {
    std::lock_guard lock(mutex_);
    return users_->size();
}

}  // namespace dialtone::runtime
