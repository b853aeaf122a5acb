#include "store/user_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite_database.hpp"

namespace dialtone::store {
namespace {

class TempDb {
  public:
    explicit TempDb(const char* name)
        : path_(std::filesystem::temp_directory_path() /
                (std::string("dialtone-users-") + std::to_string(getpid()) + "-" + name)) {
        remove_files();
    }
    ~TempDb() { remove_files(); }
    std::string path() const { return path_.string(); }

  private:
    void remove_files() {
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path_.string() + suffix);
    }
    std::filesystem::path path_;
};

UserRow row(std::string user, std::string domain = "example.test", char fill = 'a') {
    return UserRow{std::move(user), std::move(domain), std::string(32, fill), std::string(64, fill),
                   0};
}

std::int64_t generation_of(const UserStore& store) {
    std::int64_t g = -1;
    EXPECT_TRUE(store.generation(g).ok());
    return g;
}

TEST(UserStore, AddFindListRemove) {
    TempDb file("basic.db");
    SqliteDatabase db(file.path());
    UserStore users(db);
    ASSERT_TRUE(users.add(row("bob")).ok());
    ASSERT_TRUE(users.add(row("alice")).ok());
    ASSERT_TRUE(users.add(row("zed", "another.test")).ok());

    UserRow found;
    ASSERT_TRUE(users.find("alice", "example.test", found).ok());
    EXPECT_EQ(found.ha1_md5, std::string(32, 'a'));
    EXPECT_EQ(found.ha1_sha256, std::string(64, 'a'));
    EXPECT_GT(found.created, 1'600'000'000);  // filled in by the database's clock
    EXPECT_EQ(users.find("alice", "another.test", found).status, UserStoreStatus::NotFound);
    EXPECT_EQ(users.find("Alice", "example.test", found).status, UserStoreStatus::NotFound);

    std::vector<UserRow> all;
    ASSERT_TRUE(users.list(all).ok());
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].user + "@" + all[0].domain, "zed@another.test");  // by domain, then user
    EXPECT_EQ(all[1].user, "alice");
    EXPECT_EQ(all[2].user, "bob");
    ASSERT_TRUE(users.list(all, "example.test").ok());
    EXPECT_EQ(all.size(), 2u);

    EXPECT_TRUE(users.remove("bob", "example.test").ok());
    EXPECT_EQ(users.remove("bob", "example.test").status, UserStoreStatus::NotFound);
    ASSERT_TRUE(users.list(all).ok());
    EXPECT_EQ(all.size(), 2u);
}

TEST(UserStore, AddingTwiceIsExists) {
    TempDb file("twice.db");
    SqliteDatabase db(file.path());
    UserStore users(db);
    ASSERT_TRUE(users.add(row("alice")).ok());
    const UserStoreResult r = users.add(row("alice", "example.test", 'b'));
    EXPECT_EQ(r.status, UserStoreStatus::Exists);
    UserRow found;
    ASSERT_TRUE(users.find("alice", "example.test", found).ok());
    EXPECT_EQ(found.ha1_md5, std::string(32, 'a'));  // unchanged
}

TEST(UserStore, SetHa1ChangesOnlyThatUser) {
    TempDb file("passwd.db");
    SqliteDatabase db(file.path());
    UserStore users(db);
    ASSERT_TRUE(users.add(row("alice")).ok());
    ASSERT_TRUE(users.add(row("bob")).ok());
    ASSERT_TRUE(
        users.set_ha1("alice", "example.test", std::string(32, 'c'), std::string(64, 'c')).ok());
    UserRow a, b;
    ASSERT_TRUE(users.find("alice", "example.test", a).ok());
    ASSERT_TRUE(users.find("bob", "example.test", b).ok());
    EXPECT_EQ(a.ha1_sha256, std::string(64, 'c'));
    EXPECT_EQ(b.ha1_sha256, std::string(64, 'a'));
    EXPECT_EQ(users.set_ha1("carol", "example.test", "x", "y").status, UserStoreStatus::NotFound);
}

// Bulk import is one transaction: a clash anywhere (in the table or inside the batch) leaves
// the table as it was and names the row.
TEST(UserStore, AddAllIsAllOrNothing) {
    TempDb file("bulk.db");
    SqliteDatabase db(file.path());
    UserStore users(db);
    ASSERT_TRUE(users.add(row("existing")).ok());
    const std::int64_t before = generation_of(users);

    std::vector<UserRow> batch;
    for (int i = 0; i < 100; ++i)
        batch.push_back(row("u" + std::to_string(i)));
    batch.push_back(row("existing"));
    UserStoreResult r = users.add_all(batch);
    EXPECT_EQ(r.status, UserStoreStatus::Exists);
    EXPECT_EQ(r.index, 100u);
    std::vector<UserRow> all;
    ASSERT_TRUE(users.list(all).ok());
    EXPECT_EQ(all.size(), 1u);
    EXPECT_EQ(generation_of(users), before);  // nothing committed, nothing bumped

    batch.back() = row("u7");  // duplicate inside the batch
    r = users.add_all(batch);
    EXPECT_EQ(r.status, UserStoreStatus::Exists);
    EXPECT_EQ(r.index, 100u);

    batch.pop_back();
    ASSERT_TRUE(users.add_all(batch).ok());
    ASSERT_TRUE(users.list(all).ok());
    EXPECT_EQ(all.size(), 101u);
    EXPECT_EQ(generation_of(users), before + 1);  // one transaction, one bump
}

// Another connection (the CLI, while a server runs) sees every change through the
// generation counter; failed changes do not move it.
TEST(UserStore, GenerationMovesOnEveryCommittedChangeSeenFromAnotherConnection) {
    TempDb file("generation.db");
    SqliteDatabase server_db(file.path());
    SqliteDatabase cli_db(file.path());
    UserStore server(server_db);
    UserStore cli(cli_db);
    std::int64_t g = generation_of(server);
    ASSERT_TRUE(cli.add(row("alice")).ok());
    EXPECT_EQ(generation_of(server), ++g);
    ASSERT_TRUE(cli.set_ha1("alice", "example.test", "m", "s").ok());
    EXPECT_EQ(generation_of(server), ++g);
    EXPECT_FALSE(cli.add(row("alice")).ok());
    EXPECT_FALSE(cli.remove("nobody", "example.test").ok());
    EXPECT_EQ(generation_of(server), g);
    ASSERT_TRUE(cli.remove("alice", "example.test").ok());
    EXPECT_EQ(generation_of(server), ++g);
}

// WAL: a writer is not blocked by a reader that is in the middle of a read transaction.
TEST(UserStore, WriteWhileAnotherConnectionReads) {
    TempDb file("wal.db");
    SqliteDatabase server_db(file.path());
    SqliteDatabase cli_db(file.path());
    UserStore cli(cli_db);
    ASSERT_TRUE(cli.add(row("alice")).ok());
    sqlite3_stmt* reading = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(server_db.handle(), "SELECT user FROM users", -1, &reading, nullptr),
        SQLITE_OK);
    ASSERT_EQ(sqlite3_step(reading), SQLITE_ROW);  // a read transaction is now open
    EXPECT_TRUE(cli.add(row("bob")).ok());
    EXPECT_EQ(sqlite3_step(reading), SQLITE_DONE);  // its snapshot predates bob
    sqlite3_finalize(reading);
    UserStore server(server_db);
    std::vector<UserRow> all;
    ASSERT_TRUE(server.list(all).ok());
    EXPECT_EQ(all.size(), 2u);
}

// The first key stored is the one every later start (and every other process) gets back.
TEST(UserStore, SecretIsStoredOnceAndKept) {
    TempDb file("secret.db");
    SqliteDatabase one(file.path());
    SqliteDatabase two(file.path());
    const std::string digits(64, '7');  // all digits: must come back as text, unchanged
    std::string got;
    ASSERT_TRUE(UserStore(one).load_or_store_secret("auth.nonce_key", digits, got).ok());
    EXPECT_EQ(got, digits);
    ASSERT_TRUE(UserStore(two).load_or_store_secret("auth.nonce_key", "other", got).ok());
    EXPECT_EQ(got, digits);
    ASSERT_TRUE(UserStore(two).load_or_store_secret("another", "x", got).ok());
    EXPECT_EQ(got, "x");
    EXPECT_EQ(generation_of(UserStore(one)), 0);
}

// Schema migration 1 -> 2: a file written by a version-1 build gains the users table.
TEST(UserStore, MigratesAVersionOneFile) {
    TempDb file("v1.db");
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(file.path().c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw,
                               "PRAGMA journal_mode=WAL;"
                               "CREATE TABLE schema_info (key TEXT PRIMARY KEY, value TEXT NOT "
                               "NULL);"
                               "INSERT INTO schema_info VALUES ('version', '1');",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    SqliteDatabase db(file.path());
    EXPECT_EQ(db.schema_version(), 2);
    UserStore users(db);
    EXPECT_EQ(generation_of(users), 0);
    EXPECT_TRUE(users.add(row("alice")).ok());
    SqliteDatabase again(file.path());  // reopening does not migrate again or lose data
    UserRow found;
    EXPECT_TRUE(UserStore(again).find("alice", "example.test", found).ok());
}

}  // namespace
}  // namespace dialtone::store
