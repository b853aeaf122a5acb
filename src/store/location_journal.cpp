#include "store/location_journal.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "store/sqlite_database.hpp"

namespace dialtone::store {

namespace {

constexpr const char* kLogSchema =
    "CREATE TABLE IF NOT EXISTS location_log ("
    " seq INTEGER PRIMARY KEY, aor TEXT NOT NULL, version INTEGER NOT NULL,"
    " contact TEXT NOT NULL, call_id TEXT NOT NULL,"
    " cseq INTEGER NOT NULL, expires_at INTEGER NOT NULL, q INTEGER NOT NULL,"
    " path TEXT NOT NULL, instance TEXT NOT NULL, reg_id INTEGER NOT NULL,"
    " source TEXT NOT NULL, user_agent TEXT NOT NULL);";

// Version 1 kept one row per binding, updated in place, in a table named location.
constexpr const char* kMigrateFromTable =
    "INSERT INTO location_log (aor, version, contact, call_id, cseq, expires_at, q, path,"
    " instance, reg_id, source, user_agent)"
    " SELECT aor, 1, contact, call_id, cseq, expires_at, q, path, instance, reg_id, source,"
    " user_agent FROM location ORDER BY aor;"
    "DROP TABLE location;";

constexpr const char* kCurrentRows =
    "SELECT aor, contact, call_id, cseq, expires_at, q, path, instance, reg_id, source,"
    " user_agent FROM (SELECT *, max(version) OVER (PARTITION BY aor) AS current"
    " FROM location_log) WHERE version = current AND contact != ''";

// What another process (sqlite3, a script, a restarted server) reads as the bindings.
const std::string kView = std::string("CREATE VIEW IF NOT EXISTS location AS ") + kCurrentRows +
                          " AND expires_at > unixepoch();";

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

// The binding in columns first (contact) to first + 9 (user_agent) of a row.
Binding binding_at(sqlite3_stmt* s, int first) {
    Binding b;
    b.contact = column_text(s, first);
    b.call_id = column_text(s, first + 1);
    b.cseq = static_cast<std::uint32_t>(sqlite3_column_int64(s, first + 2));
    b.expires_at = sqlite3_column_int64(s, first + 3);
    b.q = static_cast<std::uint16_t>(sqlite3_column_int(s, first + 4));
    b.path = column_text(s, first + 5);
    b.instance = column_text(s, first + 6);
    b.reg_id = static_cast<std::uint32_t>(sqlite3_column_int64(s, first + 7));
    b.source = column_text(s, first + 8);
    b.user_agent = column_text(s, first + 9);
    return b;
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
          insert(db,
                 "INSERT INTO location_log (aor, version, contact, call_id, cseq, expires_at, q,"
                 " path, instance, reg_id, source, user_agent)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
          head(db,
               "SELECT seq, aor, version, contact, call_id, cseq, expires_at, q, path, instance,"
               " reg_id, source, user_agent FROM location_log ORDER BY seq LIMIT ?1"),
          drop_head(db, "DELETE FROM location_log WHERE seq <= ?1") {}
    Statement begin, commit, rollback, insert, head, drop_head;
};

namespace {

bool table_exists(sqlite3* db, const char* type, const char* name) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = ?1 AND name = ?2", -1, &s,
                       nullptr);
    sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    const bool found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

}  // namespace

LocationJournal::LocationJournal(const std::string& path, Durability durability)
    : db_(std::make_unique<SqliteDatabase>(path)) {
    sqlite3* db = db_->handle();
    auto exec = [&](const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return;
        const std::string why = err ? err : "unknown error";
        sqlite3_free(err);
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw std::runtime_error("database " + path + ": cannot set up the location log: " + why);
    };
    exec(durability == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    // IMMEDIATE: a second process opening the same old file waits, then finds it migrated.
    exec("BEGIN IMMEDIATE");
    exec(kLogSchema);
    if (table_exists(db, "table", "location")) exec(kMigrateFromTable);
    exec(kView);
    exec("INSERT OR REPLACE INTO schema_info (key, value) VALUES ('location.version', '2')");
    exec("COMMIT");
    stmts_ = std::make_unique<Statements>(db);
    log_ = read_log_state();
    writer_ = std::thread([this] { run(); });
}

LocationJournal::LogState LocationJournal::read_log_state() {
    LogState state;
    Statement versions(db_->handle(),
                       "SELECT aor, version, count(*) FROM location_log GROUP BY aor, version");
    sqlite3_stmt* s = versions.get();
    while (sqlite3_step(s) == SQLITE_ROW) {
        const std::int64_t version = sqlite3_column_int64(s, 1);
        const auto rows = static_cast<std::uint32_t>(sqlite3_column_int64(s, 2));
        state.log_rows += rows;
        state.next_version = std::max(state.next_version, version + 1);
        Current& c = state.current[column_text(s, 0)];
        if (version > c.version) {
            state.current_rows += rows;
            state.current_rows -= c.rows;
            c = Current{version, rows};
        }
    }
    return state;
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
    Statement select(db_->handle(), (std::string(kCurrentRows) + " ORDER BY aor").c_str());
    sqlite3_stmt* s = select.get();
    std::string aor;
    while (sqlite3_step(s) == SQLITE_ROW) {
        Binding b = binding_at(s, 1);
        aor = column_text(s, 0);
        row(aor, std::move(b));
    }
}

void LocationJournal::write(std::string aor, BindingSet bindings, Done done) {
    Op op;
    op.kind = Op::Kind::Write;
    op.aor = std::move(aor);
    op.bindings = bindings ? std::move(bindings) : std::make_shared<const std::vector<Binding>>();
    op.done = std::move(done);
    enqueue(std::move(op));
}

void LocationJournal::write(std::string aor, std::vector<Binding> bindings, Done done) {
    write(std::move(aor), std::make_shared<const std::vector<Binding>>(std::move(bindings)),
          std::move(done));
}

void LocationJournal::flush() {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    Op op;
    op.kind = Op::Kind::Flush;
    op.done = [&](bool, const BindingSet&) {
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
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(op));
        // Only what the writer waits for: the first change, a full batch, or a flush. Any
        // other notify would find it waiting out the gather and cost a futex call for nothing.
        wake = queue_.size() == 1 || queue_.size() == kGatherChanges ||
               queue_.back().kind == Op::Kind::Flush;
    }
    if (wake) wake_.notify_one();
}

void LocationJournal::run() {
    std::vector<Op> batch;
    auto last_commit = std::chrono::steady_clock::time_point{};
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to write
            wake_.wait_until(lock, last_commit + kGather, [&] {
                return stopping_ || queue_.size() >= kGatherChanges ||
                       queue_.back().kind == Op::Kind::Flush;
            });
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
            if (op.done) op.done(ok, op.bindings);
        batch.clear();
    }
}

bool LocationJournal::commit(std::vector<Op>& batch) {
    Statements& st = *stmts_;
    if (!step_done(st.begin.get())) return false;
    bool ok = true;
    for (const Op& op : batch) {
        if (ok && op.kind == Op::Kind::Write) ok = append(op);
    }
    if (ok) ok = reclaim(static_cast<std::int64_t>(std::time(nullptr)));
    if (ok && step_done(st.commit.get())) {
        std::lock_guard lock(mutex_);
        stats_.log_rows = log_.log_rows;
        stats_.current_rows = log_.current_rows;
        return true;
    }
    step_done(st.rollback.get());
    // The bookkeeping ran ahead of the file: read it back (rare, and it keeps the common
    // path from copying the map before every commit).
    log_ = read_log_state();
    return false;
}

namespace {

void bind_binding(sqlite3_stmt* s, const std::string& aor, std::int64_t version, const Binding& b) {
    bind_text(s, 1, aor);
    sqlite3_bind_int64(s, 2, version);
    bind_text(s, 3, b.contact);
    bind_text(s, 4, b.call_id);
    sqlite3_bind_int64(s, 5, b.cseq);
    sqlite3_bind_int64(s, 6, b.expires_at);
    sqlite3_bind_int(s, 7, b.q);
    bind_text(s, 8, b.path);
    bind_text(s, 9, b.instance);
    sqlite3_bind_int64(s, 10, b.reg_id);
    bind_text(s, 11, b.source);
    bind_text(s, 12, b.user_agent);
}

}  // namespace

bool LocationJournal::append(const Op& op) {
    auto found = log_.current.find(op.aor);
    // Nothing stored and nothing to store: no row either.
    const std::vector<Binding>& bindings = *op.bindings;
    if (bindings.empty() && found == log_.current.end()) return true;
    const std::int64_t version = log_.next_version++;
    sqlite3_stmt* s = stmts_->insert.get();
    if (bindings.empty()) {
        if (!step_done((bind_binding(s, op.aor, version, Binding{}), s))) return false;
    }
    for (const Binding& b : bindings) {
        if (!step_done((bind_binding(s, op.aor, version, b), s))) return false;
    }
    const auto rows = static_cast<std::uint32_t>(std::max<std::size_t>(bindings.size(), 1));
    if (found == log_.current.end()) found = log_.current.emplace(op.aor, Current{}).first;
    log_.current_rows -= found->second.rows;
    log_.current_rows += rows;
    log_.log_rows += rows;
    found->second = Current{version, rows};
    return true;
}

bool LocationJournal::reclaim(std::int64_t now) {
    if (log_.log_rows <= 2 * log_.current_rows + kReclaimSlack) return true;
    struct Kept {
        std::string aor;
        std::int64_t version;
        Binding binding;
    };
    std::vector<Kept> kept;
    std::int64_t last_seq = -1;
    std::uint64_t read = 0;
    sqlite3_stmt* s = stmts_->head.get();
    sqlite3_bind_int(s, 1, kReclaimChunk);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ++read;
        last_seq = sqlite3_column_int64(s, 0);
        std::string aor = column_text(s, 1);
        const std::int64_t version = sqlite3_column_int64(s, 2);
        auto it = log_.current.find(aor);
        if (it == log_.current.end() || it->second.version != version) continue;  // superseded
        Binding b = binding_at(s, 3);
        if (!b.contact.empty() && b.expires_at > now) {
            kept.push_back(Kept{std::move(aor), version, std::move(b)});
            continue;
        }
        // A current row that is no longer needed: an emptied AoR's marker, or a binding
        // that has expired. Every older row of its AoR lies before it in the log, so it
        // is deleted with this head or was before; an AoR left with no rows is forgotten.
        log_.current_rows -= 1;
        if (--it->second.rows == 0) log_.current.erase(it);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE) return false;
    if (last_seq < 0) return true;
    sqlite3_bind_int64(stmts_->drop_head.get(), 1, last_seq);
    if (!step_done(stmts_->drop_head.get())) return false;
    log_.log_rows -= read;
    sqlite3_stmt* insert = stmts_->insert.get();
    for (const Kept& k : kept) {
        if (!step_done((bind_binding(insert, k.aor, k.version, k.binding), insert))) return false;
    }
    log_.log_rows += kept.size();
    return true;
}

}  // namespace dialtone::store
