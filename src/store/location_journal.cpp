#include "store/location_journal.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "store/sqlite_database.hpp"

namespace dialtone::store {

namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS location ("
    " aor TEXT NOT NULL, contact TEXT NOT NULL, call_id TEXT NOT NULL,"
    " cseq INTEGER NOT NULL, expires_at INTEGER NOT NULL, q INTEGER NOT NULL,"
    " path TEXT NOT NULL, instance TEXT NOT NULL, reg_id INTEGER NOT NULL,"
    " source TEXT NOT NULL, user_agent TEXT NOT NULL,"
    " PRIMARY KEY (aor, contact)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS location_expiry ON location (expires_at);"
    "INSERT OR IGNORE INTO schema_info (key, value) VALUES ('location.version', '1');";

// A prepared statement that finalizes itself.
class Statement {
  public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
            SQLITE_OK) {
            throw std::runtime_error(std::string("location table: ") + sqlite3_errmsg(db));
        }
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return stmt_; }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

std::string column_text(sqlite3_stmt* s, int i) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return t ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

// Runs a statement that returns no rows and resets it; false on an SQLite error.
bool step_done(sqlite3_stmt* s) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE;
}

}  // namespace

struct LocationJournal::Statements {
    explicit Statements(sqlite3* db)
        : begin(db, "BEGIN IMMEDIATE"),
          commit(db, "COMMIT"),
          rollback(db, "ROLLBACK"),
          remove_aor(db, "DELETE FROM location WHERE aor = ?1"),
          insert(db,
                 "INSERT OR REPLACE INTO location (aor, contact, call_id, cseq, expires_at, q,"
                 " path, instance, reg_id, source, user_agent)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
          expire(db, "DELETE FROM location WHERE expires_at <= ?1") {}
    Statement begin, commit, rollback, remove_aor, insert, expire;
};

LocationJournal::LocationJournal(const std::string& path, Durability durability)
    : db_(std::make_unique<SqliteDatabase>(path)) {
    char* err = nullptr;
    const std::string sync =
        durability == Durability::Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
    if (sqlite3_exec(db_->handle(), (sync + kSchema).c_str(), nullptr, nullptr, &err) !=
        SQLITE_OK) {
        const std::string why = err ? err : "unknown error";
        sqlite3_free(err);
        throw std::runtime_error("database " + path + ": cannot create the location table: " + why);
    }
    stmts_ = std::make_unique<Statements>(db_->handle());
    writer_ = std::thread([this] { run(); });
}

LocationJournal::~LocationJournal() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
    stmts_.reset();
}

std::vector<std::pair<std::string, Binding>> LocationJournal::load_all() {
    std::vector<std::pair<std::string, Binding>> out;
    load_each([&](const std::string& aor, Binding b) { out.emplace_back(aor, std::move(b)); });
    return out;
}

void LocationJournal::load_each(
    const std::function<void(const std::string& aor, Binding binding)>& row) {
    // Reads on the caller's thread while the writer may run: the connection is serialized
    // (SQLITE_OPEN_FULLMUTEX), and loading happens before the first write anyway.
    Statement select(db_->handle(),
                     "SELECT aor, contact, call_id, cseq, expires_at, q, path, instance,"
                     " reg_id, source, user_agent FROM location ORDER BY aor");
    sqlite3_stmt* s = select.get();
    std::string aor;
    while (sqlite3_step(s) == SQLITE_ROW) {
        Binding b;
        b.contact = column_text(s, 1);
        b.call_id = column_text(s, 2);
        b.cseq = static_cast<std::uint32_t>(sqlite3_column_int64(s, 3));
        b.expires_at = sqlite3_column_int64(s, 4);
        b.q = static_cast<std::uint16_t>(sqlite3_column_int(s, 5));
        b.path = column_text(s, 6);
        b.instance = column_text(s, 7);
        b.reg_id = static_cast<std::uint32_t>(sqlite3_column_int64(s, 8));
        b.source = column_text(s, 9);
        b.user_agent = column_text(s, 10);
        aor = column_text(s, 0);
        row(aor, std::move(b));
    }
}

void LocationJournal::write(std::string aor, std::vector<Binding> bindings, Done done) {
    Op op;
    op.kind = Op::Kind::Write;
    op.aor = std::move(aor);
    op.bindings = std::move(bindings);
    op.done = std::move(done);
    enqueue(std::move(op));
}

void LocationJournal::remove_expired(std::int64_t now) {
    Op op;
    op.kind = Op::Kind::Expire;
    op.now = now;
    enqueue(std::move(op));
}

void LocationJournal::flush() {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    Op op;
    op.kind = Op::Kind::Flush;
    op.done = [&](bool) {
        std::lock_guard lock(m);
        done = true;
        cv.notify_one();
    };
    enqueue(std::move(op));
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return done; });
}

LocationJournal::Stats LocationJournal::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void LocationJournal::enqueue(Op op) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(op));
    }
    wake_.notify_one();
}

void LocationJournal::run() {
    std::vector<Op> batch;
    auto last_commit = std::chrono::steady_clock::time_point{};
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to write
            const auto gathered = last_commit + kGather;
            if (!stopping_ && queue_.back().kind != Op::Kind::Flush &&
                std::chrono::steady_clock::now() < gathered) {
                // Sleeping unlocked and without waiting on `wake_`: producers then never
                // find a waiter to wake, so a busy queue costs them no futex call either.
                lock.unlock();
                std::this_thread::sleep_until(gathered);
                lock.lock();
            }
            batch.swap(queue_);
        }
        last_commit = std::chrono::steady_clock::now();
        const bool ok = commit(batch);
        std::size_t writes = 0;
        for (const Op& op : batch)
            writes += op.kind == Op::Kind::Write;
        {
            std::lock_guard lock(mutex_);
            if (ok) {
                stats_.commits += 1;
                stats_.writes += writes;
            } else {
                stats_.failures += writes;
            }
        }
        for (Op& op : batch)
            if (op.done) op.done(ok);
        batch.clear();
    }
}

bool LocationJournal::commit(std::vector<Op>& batch) {
    Statements& st = *stmts_;
    if (!step_done(st.begin.get())) return false;
    bool ok = true;
    for (const Op& op : batch) {
        if (!ok) break;
        if (op.kind == Op::Kind::Expire) {
            sqlite3_bind_int64(st.expire.get(), 1, op.now);
            ok = step_done(st.expire.get());
            continue;
        }
        if (op.kind != Op::Kind::Write) continue;
        bind_text(st.remove_aor.get(), 1, op.aor);
        ok = step_done(st.remove_aor.get());
        for (const Binding& b : op.bindings) {
            if (!ok) break;
            sqlite3_stmt* s = st.insert.get();
            bind_text(s, 1, op.aor);
            bind_text(s, 2, b.contact);
            bind_text(s, 3, b.call_id);
            sqlite3_bind_int64(s, 4, b.cseq);
            sqlite3_bind_int64(s, 5, b.expires_at);
            sqlite3_bind_int(s, 6, b.q);
            bind_text(s, 7, b.path);
            bind_text(s, 8, b.instance);
            sqlite3_bind_int64(s, 9, b.reg_id);
            bind_text(s, 10, b.source);
            bind_text(s, 11, b.user_agent);
            ok = step_done(s);
        }
    }
    if (ok && step_done(st.commit.get())) return true;
    step_done(st.rollback.get());
    return false;
}

}  // namespace dialtone::store
