#include "store/sqlite_database.hpp"

#include <stdexcept>

#include "store/user_schema.hpp"

namespace dialtone::store {

namespace {

std::string query_text(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
        if (const unsigned char* t = sqlite3_column_text(stmt, 0))
            out = reinterpret_cast<const char*>(t);
    }
    sqlite3_finalize(stmt);
    return out;
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path) : path_(path) {
    const int rc = sqlite3_open_v2(
        path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw std::runtime_error("cannot open database " + path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    try {
        // WAL: a commit is durable when it returns, and readers never wait for the writer.
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec("CREATE TABLE IF NOT EXISTS schema_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        const int found = schema_version();
        if (found > kSchemaVersion) {
            throw std::runtime_error("database " + path + " has schema version " +
                                     std::to_string(found) + ", newer than this build (" +
                                     std::to_string(kSchemaVersion) + ")");
        }
        if (found < kSchemaVersion) migrate();
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

void SqliteDatabase::migrate() {
    // IMMEDIATE: when two processes open an old file at once (a server and `dialtone user`),
    // one waits for the other and then finds the version already current.
    exec("BEGIN IMMEDIATE");
    try {
        const int from = schema_version();
        // Version 1: schema_info only. Version 2: users and store_meta (user_schema.hpp).
        if (from < 2) exec(kUserSchemaSql);
        if (from < kSchemaVersion) {
            exec(("INSERT OR REPLACE INTO schema_info (key, value) VALUES ('version', '" +
                  std::to_string(kSchemaVersion) + "')")
                     .c_str());
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

SqliteDatabase::~SqliteDatabase() {
    sqlite3_close(db_);
}

void SqliteDatabase::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string why = err ? err : sqlite3_errmsg(db_);
        sqlite3_free(err);
        throw std::runtime_error("database " + path_ + ": " + why);
    }
}

int SqliteDatabase::schema_version() const {
    const std::string v = query_text(db_, "SELECT value FROM schema_info WHERE key = 'version'");
    return v.empty() ? 0 : std::stoi(v);
}

std::string SqliteDatabase::journal_mode() const {
    return query_text(db_, "PRAGMA journal_mode");
}

}  // namespace dialtone::store
