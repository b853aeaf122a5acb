#pragma once
// The users every worker authenticates against, loaded from the SQLite user table and
// reloaded when `dialtone user ...` changes it (the table's generation moves). Workers ask
// for the current map on a timer, never per message, so the mutex is off the message path.

#include <cstdint>
#include <memory>
#include <mutex>

#include "dialtone/sip/auth/credential_map.hpp"
#include "store/user_store.hpp"

namespace dialtone::runtime {

class UserDirectory {
  public:
    // Loads every user; throws std::runtime_error when the table cannot be read (start-up).
    explicit UserDirectory(store::UserStore& store);

    // The latest map; reloads it first when the table changed since the last load.
    std::shared_ptr<const auth::CredentialMap> current();
    std::size_t size();

  private:
    std::shared_ptr<const auth::CredentialMap> load();

    std::mutex mutex_;
    store::UserStore& store_;
    std::int64_t generation_ = -1;
    std::shared_ptr<const auth::CredentialMap> users_;
};

}  // namespace dialtone::runtime
