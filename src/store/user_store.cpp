#include "store/user_store.hpp"

#include <sqlite3.h>

#include "store/sqlite_database.hpp"

namespace dialtone::store {

namespace {

// A prepared statement that finalizes itself; `ok()` is false when preparing failed.
class Statement {
  public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return stmt_ != nullptr; }
    sqlite3_stmt* get() const { return stmt_; }
    void bind(int i, std::string_view v) {
        // An empty view may have a null data(), which SQLite would bind as NULL.
        sqlite3_bind_text(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()),
                          SQLITE_TRANSIENT);
    }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

std::string column_text(sqlite3_stmt* s, int i) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return t ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

UserStoreResult failed(sqlite3* db) {
    return UserStoreResult{UserStoreStatus::Failed, sqlite3_errmsg(db), 0};
}

bool exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// A write transaction that rolls back unless committed. IMMEDIATE takes the write lock
// at BEGIN, where the busy timeout applies; a deferred one could fail to upgrade later
// with SQLITE_BUSY and no wait while a server holds a read.
class WriteTransaction {
  public:
    explicit WriteTransaction(sqlite3* db) : db_(db), open_(exec(db, "BEGIN IMMEDIATE")) {}
    ~WriteTransaction() {
        if (open_) exec(db_, "ROLLBACK");
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    bool open() const { return open_; }
    // Bumps the generation and commits.
    bool commit() {
        if (!exec(db_, "UPDATE store_meta SET value = value + 1 WHERE key = 'users.generation'") ||
            !exec(db_, "COMMIT")) {
            return false;
        }
        open_ = false;
        return true;
    }

  private:
    sqlite3* db_;
    bool open_;
};

constexpr const char* kInsert =
    "INSERT INTO users (user, domain, ha1_md5, ha1_sha256, created) VALUES (?1, ?2, ?3, ?4, "
    "COALESCE(NULLIF(?5, 0), CAST(strftime('%s', 'now') AS INTEGER)))";

// Inserts one row with a prepared kInsert; Exists on a primary-key clash.
UserStoreResult insert(sqlite3* db, Statement& stmt, const UserRow& row) {
    sqlite3_reset(stmt.get());
    stmt.bind(1, row.user);
    stmt.bind(2, row.domain);
    stmt.bind(3, row.ha1_md5);
    stmt.bind(4, row.ha1_sha256);
    stmt.bind(5, row.created);
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return {};
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT) {
        return UserStoreResult{UserStoreStatus::Exists, {}, 0};
    }
    return failed(db);
}

UserRow read_row(sqlite3_stmt* s) {
    UserRow r;
    r.user = column_text(s, 0);
    r.domain = column_text(s, 1);
    r.ha1_md5 = column_text(s, 2);
    r.ha1_sha256 = column_text(s, 3);
    r.created = sqlite3_column_int64(s, 4);
    return r;
}

}  // namespace

UserStoreResult UserStore::add(const UserRow& row) {
    return add_all({row});
}

UserStoreResult UserStore::add_all(const std::vector<UserRow>& rows) {
    sqlite3* db = db_.handle();
    WriteTransaction tx(db);
    if (!tx.open()) return failed(db);
    Statement stmt(db, kInsert);
    if (!stmt.ok()) return failed(db);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        UserStoreResult r = insert(db, stmt, rows[i]);
        if (!r) {
            r.index = i;
            return r;
        }
    }
    if (!tx.commit()) return failed(db);
    return {};
}

UserStoreResult UserStore::remove(std::string_view user, std::string_view domain) {
    sqlite3* db = db_.handle();
    WriteTransaction tx(db);
    if (!tx.open()) return failed(db);
    Statement stmt(db, "DELETE FROM users WHERE user = ?1 AND domain = ?2");
    if (!stmt.ok()) return failed(db);
    stmt.bind(1, user);
    stmt.bind(2, domain);
    if (sqlite3_step(stmt.get()) != SQLITE_DONE) return failed(db);
    if (sqlite3_changes(db) == 0) return UserStoreResult{UserStoreStatus::NotFound, {}, 0};
    if (!tx.commit()) return failed(db);
    return {};
}

UserStoreResult UserStore::set_ha1(std::string_view user, std::string_view domain,
                                   std::string_view ha1_md5, std::string_view ha1_sha256) {
    sqlite3* db = db_.handle();
    WriteTransaction tx(db);
    if (!tx.open()) return failed(db);
    Statement stmt(
        db, "UPDATE users SET ha1_md5 = ?3, ha1_sha256 = ?4 WHERE user = ?1 AND domain = ?2");
    if (!stmt.ok()) return failed(db);
    stmt.bind(1, user);
    stmt.bind(2, domain);
    stmt.bind(3, ha1_md5);
    stmt.bind(4, ha1_sha256);
    if (sqlite3_step(stmt.get()) != SQLITE_DONE) return failed(db);
    if (sqlite3_changes(db) == 0) return UserStoreResult{UserStoreStatus::NotFound, {}, 0};
    if (!tx.commit()) return failed(db);
    return {};
}

UserStoreResult UserStore::find(std::string_view user, std::string_view domain,
                                UserRow& out) const {
    sqlite3* db = db_.handle();
    Statement stmt(db,
                   "SELECT user, domain, ha1_md5, ha1_sha256, created FROM users "
                   "WHERE user = ?1 AND domain = ?2");
    if (!stmt.ok()) return failed(db);
    stmt.bind(1, user);
    stmt.bind(2, domain);
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return UserStoreResult{UserStoreStatus::NotFound, {}, 0};
    if (rc != SQLITE_ROW) return failed(db);
    out = read_row(stmt.get());
    return {};
}

UserStoreResult UserStore::list(std::vector<UserRow>& out, std::string_view domain) const {
    sqlite3* db = db_.handle();
    Statement stmt(db,
                   "SELECT user, domain, ha1_md5, ha1_sha256, created FROM users "
                   "WHERE ?1 = '' OR domain = ?1 ORDER BY domain, user");
    if (!stmt.ok()) return failed(db);
    stmt.bind(1, domain);
    out.clear();
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW)
        out.push_back(read_row(stmt.get()));
    if (rc != SQLITE_DONE) return failed(db);
    return {};
}

UserStoreResult UserStore::generation(std::int64_t& out) const {
    sqlite3* db = db_.handle();
    Statement stmt(db, "SELECT value FROM store_meta WHERE key = 'users.generation'");
    if (!stmt.ok()) return failed(db);
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return UserStoreResult{UserStoreStatus::NotFound, {}, 0};
    if (rc != SQLITE_ROW) return failed(db);
    out = sqlite3_column_int64(stmt.get(), 0);
    return {};
}

UserStoreResult UserStore::load_or_store_secret(std::string_view name, std::string_view candidate,
                                                std::string& out) {
    sqlite3* db = db_.handle();
    // One statement, atomic on its own: the first writer wins and everyone reads its value.
    Statement insert_stmt(db, "INSERT OR IGNORE INTO store_meta (key, value) VALUES (?1, ?2)");
    if (!insert_stmt.ok()) return failed(db);
    insert_stmt.bind(1, name);
    insert_stmt.bind(2, candidate);
    if (sqlite3_step(insert_stmt.get()) != SQLITE_DONE) return failed(db);
    Statement select_stmt(db, "SELECT value FROM store_meta WHERE key = ?1");
    if (!select_stmt.ok()) return failed(db);
    select_stmt.bind(1, name);
    if (sqlite3_step(select_stmt.get()) != SQLITE_ROW) return failed(db);
    out = column_text(select_stmt.get(), 0);
    return {};
}

}  // namespace dialtone::store
