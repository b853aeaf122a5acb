#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/location_index.hpp"
#include "store/location_journal.hpp"
#include "store/location_service.hpp"

namespace dialtone::store {
namespace {

std::filesystem::path temp_db(const char* name) {
    auto p = std::filesystem::temp_directory_path() /
             (std::string("dialtone-loc-") + std::to_string(getpid()) + "-" + name + ".db");
    std::filesystem::remove(p);
    std::filesystem::remove(p.string() + "-wal");
    std::filesystem::remove(p.string() + "-shm");
    return p;
}

// A time long after any test runs (2033), for bindings the `location` view must show.
constexpr std::int64_t kFuture = 2'000'000'000;

Binding binding(std::string contact, std::int64_t expires_at, std::uint32_t cseq = 1) {
    Binding b;
    b.contact = std::move(contact);
    b.call_id = "call-" + b.contact;
    b.cseq = cseq;
    b.expires_at = expires_at;
    b.q = 500;
    b.path = "<sip:edge.example.test;lr>";
    b.instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
    b.reg_id = 1;
    b.source = "udp:192.0.2.7:5060";
    b.user_agent = "test/1";
    return b;
}

// Rows of the location table for an AoR, counted through a connection of its own: what
// another process (or a restarted server) would see.
int rows_on_disk(const std::filesystem::path& db, const std::string& aor) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(h, "SELECT count(*) FROM location WHERE aor = ?1", -1, &s, nullptr);
    sqlite3_bind_text(s, 1, aor.c_str(), -1, SQLITE_TRANSIENT);
    int n = -1;
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return n;
}

TEST(LocationIndex, UpdateAddsAndEmptiedAorDisappears) {
    LocationIndex index;
    index.update("sip:alice@example.test", [](std::vector<Binding>& v) {
        v.push_back(binding("sip:alice@192.0.2.1", 100));
        v.push_back(binding("sip:alice@192.0.2.2", 200));
        return true;
    });
    EXPECT_EQ(index.lookup("sip:alice@example.test").size(), 2u);
    EXPECT_EQ(index.binding_count(), 2u);
    EXPECT_EQ(index.aor_count(), 1u);
    index.update("sip:alice@example.test", [](std::vector<Binding>& v) {
        v.clear();
        return true;
    });
    EXPECT_TRUE(index.lookup("sip:alice@example.test").empty());
    EXPECT_EQ(index.binding_count(), 0u);
    EXPECT_EQ(index.aor_count(), 0u);
}

TEST(LocationIndex, RemoveExpiredKeepsTheLiveOnes) {
    LocationIndex index;
    index.replace("sip:a@x", {binding("sip:a@1", 10), binding("sip:a@2", 30)});
    index.replace("sip:b@x", {binding("sip:b@1", 20)});
    EXPECT_EQ(index.remove_expired(20), 2u);  // "at or before now"
    ASSERT_EQ(index.lookup("sip:a@x").size(), 1u);
    EXPECT_EQ(index.lookup("sip:a@x")[0].contact, "sip:a@2");
    EXPECT_TRUE(index.lookup("sip:b@x").empty());
    EXPECT_EQ(index.binding_count(), 1u);
}

// Two workers registering contacts of one AoR at once must not lose each other's binding:
// update() is a read-modify-write under the AoR's lock.
TEST(LocationIndex, ConcurrentUpdatesOfOneAorLoseNothing) {
    LocationIndex index;
    constexpr int kPerThread = 2000;
    auto add = [&](int thread) {
        for (int i = 0; i < kPerThread; ++i) {
            index.update("sip:shared@x", [&](std::vector<Binding>& v) {
                v.push_back(binding(
                    "sip:" + std::to_string(thread) + "-" + std::to_string(i) + "@h", 1000));
                return true;
            });
        }
    };
    std::thread t1(add, 1), t2(add, 2);
    t1.join();
    t2.join();
    EXPECT_EQ(index.lookup("sip:shared@x").size(), 2u * kPerThread);
    EXPECT_EQ(index.binding_count(), 2u * kPerThread);
}

TEST(LocationJournal, WrittenBindingsComeBackWithEveryField) {
    const auto db = temp_db("roundtrip");
    const Binding b = binding("sip:alice@192.0.2.1:5062;transport=tcp", 1'900'000'000, 42);
    {
        LocationJournal journal(db.string(), Durability::Full);
        bool committed = false;
        journal.write("sip:alice@example.test", {b},
                      [&](bool ok, const BindingSet&) { committed = ok; });
        journal.flush();
        EXPECT_TRUE(committed);
    }
    LocationJournal reopened(db.string(), Durability::Full);
    const auto rows = reopened.load_all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].first, "sip:alice@example.test");
    EXPECT_EQ(rows[0].second, b);
}

// DESIGN.md §2.7: the callback that lets the registrar answer 200 runs only once the binding
// can be read back from the file by another connection.
TEST(LocationJournal, DoneRunsOnlyAfterTheCommitIsVisibleOnDisk) {
    const auto db = temp_db("visible");
    LocationJournal journal(db.string(), Durability::Full);
    std::atomic<int> seen{-2};
    journal.write("sip:bob@example.test", {binding("sip:bob@192.0.2.9", 2'000'000'000)},
                  [&](bool ok, const BindingSet&) {
                      seen = ok ? rows_on_disk(db, "sip:bob@example.test") : -1;
                  });
    journal.flush();
    EXPECT_EQ(seen.load(), 1);
}

TEST(LocationJournal, AWriteReplacesTheAorsSetAndAnEmptySetRemovesIt) {
    const auto db = temp_db("replace");
    LocationJournal journal(db.string(), Durability::Normal);
    journal.write("sip:a@x", {binding("sip:a@1", kFuture), binding("sip:a@2", kFuture)}, nullptr);
    journal.write("sip:a@x", {binding("sip:a@3", kFuture)}, nullptr);
    journal.write("sip:b@x", {binding("sip:b@1", kFuture)}, nullptr);
    journal.write("sip:b@x", std::vector<Binding>{}, nullptr);
    journal.flush();
    EXPECT_EQ(rows_on_disk(db, "sip:a@x"), 1);
    EXPECT_EQ(rows_on_disk(db, "sip:b@x"), 0);
    const auto rows = journal.load_all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].second.contact, "sip:a@3");
}

// The `location` view is what another process reads: current bindings that have not
// expired. The loader gets every current row and leaves the expired ones out itself.
TEST(LocationJournal, TheViewHidesExpiredBindingsThatTheLoaderFilters) {
    const auto db = temp_db("expire");
    LocationJournal journal(db.string(), Durability::Normal);
    journal.write("sip:a@x", {binding("sip:a@1", 100), binding("sip:a@2", kFuture)}, nullptr);
    journal.flush();
    EXPECT_EQ(rows_on_disk(db, "sip:a@x"), 1);
    EXPECT_EQ(journal.load_all().size(), 2u);
    LocationService service(&journal);
    EXPECT_EQ(service.load(200), 1u);
    EXPECT_EQ(service.lookup("sip:a@x")[0].contact, "sip:a@2");
}

// Every change appends; rows that are no longer current are reclaimed from the head of the
// log, so thousands of refreshes of a few AoRs leave a log about the size of the current set,
// and the reclaiming keeps every current binding (it appends those it finds at the head).
TEST(LocationJournal, ReclaimingBoundsTheLogAndKeepsEveryCurrentBinding) {
    const auto db = temp_db("reclaim");
    constexpr int kRounds = 3000;
    {
        LocationJournal journal(db.string(), Durability::Normal);
        // One AoR refreshed once at the start and never again: its row reaches the head.
        journal.write("sip:still@x", {binding("sip:still@1", kFuture, 7)}, nullptr);
        journal.write("sip:gone@x", {binding("sip:gone@1", kFuture)}, nullptr);
        journal.write("sip:gone@x", std::vector<Binding>{}, nullptr);
        for (int i = 1; i <= kRounds; ++i) {
            journal.write("sip:a@x",
                          {binding("sip:a@1", kFuture, i), binding("sip:a@2", kFuture, i)},
                          nullptr);
            journal.write("sip:b@x", {binding("sip:b@1", kFuture, i)}, nullptr);
            if (i % 50 == 0) journal.flush();  // many commits, so reclaiming runs many times
        }
        journal.flush();
        const auto stats = journal.stats();
        EXPECT_EQ(stats.current_rows, 4u);  // still, a@1, a@2, b@1: the emptied AoR is gone
        EXPECT_LE(stats.log_rows, 2 * stats.current_rows + 1024 + 256);
        EXPECT_GT(stats.writes, static_cast<std::uint64_t>(2 * kRounds));
    }
    // A new process reads the same thing, and what it appends next is current.
    LocationJournal reopened(db.string(), Durability::Normal);
    auto rows = reopened.load_all();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].first, "sip:a@x");
    EXPECT_EQ(rows[0].second.cseq, static_cast<std::uint32_t>(kRounds));
    EXPECT_EQ(rows[1].second.cseq, static_cast<std::uint32_t>(kRounds));
    EXPECT_EQ(rows[2].second, binding("sip:b@1", kFuture, kRounds));
    EXPECT_EQ(rows[3].second, binding("sip:still@1", kFuture, 7));
    reopened.write("sip:still@x", {binding("sip:still@2", kFuture, 8)}, nullptr);
    reopened.flush();
    rows = reopened.load_all();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[3].second.contact, "sip:still@2");
    EXPECT_EQ(rows_on_disk(db, "sip:gone@x"), 0);
}

// Reclaiming also drops current rows whose binding has expired.
TEST(LocationJournal, ReclaimingDropsExpiredBindings) {
    const auto db = temp_db("reclaim-expired");
    LocationJournal journal(db.string(), Durability::Normal);
    journal.write("sip:old@x", {binding("sip:old@1", 100)}, nullptr);
    for (int i = 1; i <= 3000; ++i) {
        journal.write("sip:b@x", {binding("sip:b@1", kFuture, i)}, nullptr);
        if (i % 50 == 0) journal.flush();
    }
    journal.flush();
    EXPECT_EQ(journal.stats().current_rows, 1u);
    const auto rows = journal.load_all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].first, "sip:b@x");
}

// A file from before the log (version 1: a location table updated in place) is carried over.
TEST(LocationJournal, ALocationTableFromVersionOneIsCarriedOver) {
    const auto db = temp_db("migrate");
    {
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
        const char* old_schema =
            "CREATE TABLE location (aor TEXT NOT NULL, contact TEXT NOT NULL,"
            " call_id TEXT NOT NULL, cseq INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
            " q INTEGER NOT NULL, path TEXT NOT NULL, instance TEXT NOT NULL,"
            " reg_id INTEGER NOT NULL, source TEXT NOT NULL, user_agent TEXT NOT NULL,"
            " PRIMARY KEY (aor, contact)) WITHOUT ROWID;"
            "CREATE INDEX location_expiry ON location (expires_at);"
            "INSERT INTO location VALUES ('sip:a@x', 'sip:a@1', 'c1', 3, 1900000000, 1000, '',"
            " '', 0, 'udp:192.0.2.1:5060', 'ua/1');";
        ASSERT_EQ(sqlite3_exec(h, old_schema, nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(h);
    }
    LocationJournal journal(db.string(), Durability::Normal);
    auto rows = journal.load_all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].second.call_id, "c1");
    EXPECT_EQ(rows[0].second.cseq, 3u);
    EXPECT_EQ(rows_on_disk(db, "sip:a@x"), 1);
    journal.write("sip:a@x", {binding("sip:a@2", kFuture)}, nullptr);
    journal.flush();
    rows = journal.load_all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].second.contact, "sip:a@2");
}

// Group commit: writes queued while a commit runs share the next transaction, so many writers
// cost far fewer commits than writes, and every write is still acknowledged exactly once.
TEST(LocationJournal, ConcurrentWritesShareCommits) {
    const auto db = temp_db("group");
    LocationJournal journal(db.string(), Durability::Full);
    constexpr int kWrites = 2000;
    std::atomic<int> acknowledged{0};
    auto writer = [&](int thread) {
        for (int i = 0; i < kWrites / 2; ++i) {
            const std::string aor =
                "sip:u" + std::to_string(thread) + "-" + std::to_string(i) + "@x";
            journal.write(aor, {binding("sip:c@1", 1000)}, [&](bool ok, const BindingSet&) {
                if (ok) acknowledged.fetch_add(1);
            });
        }
    };
    std::thread t1(writer, 1), t2(writer, 2);
    t1.join();
    t2.join();
    journal.flush();
    const auto stats = journal.stats();
    EXPECT_EQ(acknowledged.load(), kWrites);
    EXPECT_EQ(stats.writes, static_cast<std::uint64_t>(kWrites));
    EXPECT_EQ(stats.failures, 0u);
    EXPECT_LT(stats.commits, static_cast<std::uint64_t>(kWrites));
    EXPECT_EQ(journal.load_all().size(), static_cast<std::size_t>(kWrites));
}

TEST(LocationJournal, UnopenableFileIsAStartupErrorNamingIt) {
    try {
        LocationJournal journal("/nonexistent-dir/x.db", Durability::Full);
        FAIL() << "opened a database in a missing directory";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.db"), std::string::npos);
    }
}

TEST(LocationService, ChangesAreDurableAndReloadSkipsExpired) {
    const auto db = temp_db("service");
    {
        LocationJournal journal(db.string(), Durability::Full);
        LocationService service(&journal);
        bool done = false;
        service.update(
            "sip:alice@example.test",
            [](std::vector<Binding>& v) {
                v.push_back(binding("sip:alice@1", 500));
                v.push_back(binding("sip:alice@2", 50));
                return true;
            },
            [&](bool ok, const BindingSet&) { done = ok; });
        journal.flush();
        EXPECT_TRUE(done);
        EXPECT_EQ(service.lookup("sip:alice@example.test").size(), 2u);
    }
    LocationJournal journal(db.string(), Durability::Full);
    LocationService restarted(&journal);
    EXPECT_EQ(restarted.load(100), 1u);  // the binding that expired at 50 stays out
    ASSERT_EQ(restarted.lookup("sip:alice@example.test").size(), 1u);
    EXPECT_EQ(restarted.lookup("sip:alice@example.test")[0].contact, "sip:alice@1");
}

TEST(LocationService, UnchangedOrMemoryOnlyUpdatesAreDoneAtOnce) {
    LocationService memory_only;
    int calls = 0;
    memory_only.update(
        "sip:a@x",
        [](std::vector<Binding>& v) {
            v.push_back(binding("sip:a@1", 100));
            return true;
        },
        [&](bool ok, const BindingSet&) { calls += ok; });
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(memory_only.lookup("sip:a@x").size(), 1u);
    memory_only.update(
        "sip:a@x", [](std::vector<Binding>&) { return false; },
        [&](bool ok, const BindingSet&) { calls += ok; });
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(memory_only.sweep(100), 1u);
    EXPECT_TRUE(memory_only.lookup("sip:a@x").empty());
}

}  // namespace
}  // namespace dialtone::store
