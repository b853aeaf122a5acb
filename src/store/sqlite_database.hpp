#pragma once
// The embedded SQLite database a server keeps its data in (DESIGN.md §1 store layer).
// Opening creates the file if needed, switches it to WAL journaling (durable commits that
// readers do not block) and brings the schema to the version this build knows.

#include <sqlite3.h>

#include <string>

namespace dialtone::store {

class SqliteDatabase {
  public:
    // Throws std::runtime_error naming the file and SQLite's reason when the file cannot be
    // opened, is not a database, or was written by a newer Dialtone (start-up failures are
    // exceptions, DESIGN.md §2.4).
    explicit SqliteDatabase(const std::string& path);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    const std::string& path() const { return path_; }
    int schema_version() const;
    std::string journal_mode() const;
    sqlite3* handle() const { return db_; }

    // The schema version this build creates and understands.
    // 2: users and store_meta (store/user_schema.hpp).
    static constexpr int kSchemaVersion = 2;

  private:
    void exec(const char* sql);
    // Brings an older file to kSchemaVersion in one transaction.
    void migrate();
    std::string path_;
    sqlite3* db_ = nullptr;
};

}  // namespace dialtone::store
