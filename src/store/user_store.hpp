#pragma once
// The users a server authenticates (DESIGN.md §1 store layer): add, remove, change password,
// list, bulk import in one transaction, and a generation counter that moves on every change.
// Passwords never reach this layer: callers pass HA1s (dialtone::auth::compute_ha1), which
// keeps the store free of crypto and of plaintext.
//
// Safe to use while a server has the same file open: writes take the lock up front
// (BEGIN IMMEDIATE) and wait up to the connection's busy timeout; WAL lets readers go on.
// Errors are values (a status and SQLite's message), never exceptions.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dialtone::store {

class SqliteDatabase;

struct UserRow {
    std::string user;
    std::string domain;  // lower-case (see user_address.hpp)
    std::string ha1_md5;
    std::string ha1_sha256;
    std::int64_t created = 0;  // Unix seconds; 0 on add: the database's clock fills it in
};

enum class UserStoreStatus : std::uint8_t { Ok, Exists, NotFound, Failed };

struct UserStoreResult {
    UserStoreStatus status = UserStoreStatus::Ok;
    std::string detail;     // SQLite's message when Failed
    std::size_t index = 0;  // add_all: the row that failed
    bool ok() const { return status == UserStoreStatus::Ok; }
    explicit operator bool() const { return ok(); }
};

class UserStore {
  public:
    // The database must be at schema version 2 or later (SqliteDatabase migrates on open)
    // and outlive the store.
    explicit UserStore(SqliteDatabase& db) : db_(db) {}

    // Exists when (user, domain) is taken.
    UserStoreResult add(const UserRow& row);
    // All rows or none, in one transaction: Exists (with `index`) when any row is taken or
    // appears twice.
    UserStoreResult add_all(const std::vector<UserRow>& rows);
    UserStoreResult remove(std::string_view user, std::string_view domain);
    UserStoreResult set_ha1(std::string_view user, std::string_view domain,
                            std::string_view ha1_md5, std::string_view ha1_sha256);

    UserStoreResult find(std::string_view user, std::string_view domain, UserRow& out) const;
    // Sorted by domain then user; only `domain` when not empty.
    UserStoreResult list(std::vector<UserRow>& out, std::string_view domain = {}) const;
    // Moves on every committed change to users (by any process). Compare it with the value
    // seen at the last load to know whether to reload.
    UserStoreResult generation(std::int64_t& out) const;

    // The secret stored under `name` (e.g. "auth.nonce_key") into `out`. When there is none
    // yet, `candidate` is stored and returned: a server generates a key at every start and
    // passes it here, so the first start keeps its key and two processes starting together
    // agree on one. Secrets do not move the generation.
    UserStoreResult load_or_store_secret(std::string_view name, std::string_view candidate,
                                         std::string& out);

  private:
    SqliteDatabase& db_;
};

}  // namespace dialtone::store
