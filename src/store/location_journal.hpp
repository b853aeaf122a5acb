#pragma once
// The durable side of the location service: every change to an AoR's bindings is written to
// SQLite by one writer thread, which commits whatever has queued up since its last commit in
// one transaction (group commit). A change's callback runs only after that commit, so a
// registrar answers 200 only for bindings that are on disk (DESIGN.md §2.7).
//
// The table is a log: a change appends the AoR's new set of bindings under a new version
// (an emptied AoR appends one row with an empty contact), and the highest version of an AoR
// is its current set. Appending writes the few pages at the end of the table, where updating
// rows in place wrote one random page per AoR plus one per index entry; at 5,000 REGISTERs a
// second that was most of the writer's work. Rows that are no longer current are reclaimed
// from the head of the log, a bounded number per commit, once they outnumber the current
// ones: current rows found there are appended again, and the head is deleted as one range.
// The `location` view shows the current, unexpired bindings, as the table once did.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/binding.hpp"

namespace dialtone::store {

class SqliteDatabase;

// How far a commit goes before its callback runs (SQLite's PRAGMA synchronous). Full syncs
// the WAL on every commit and survives power loss; Normal survives a crash of the process
// (kill -9) but not of the machine, and costs no fsync per commit.
enum class Durability { Full, Normal };

class LocationJournal {
  public:
    // Called with whether the commit succeeded and the bindings that were written.
    using Done = std::function<void(bool committed, const BindingSet& bindings)>;

    // Opens (or creates) the location table in the database at `path`. Throws
    // std::runtime_error naming the file on failure (a start-up error).
    LocationJournal(const std::string& path, Durability durability);
    // Commits everything queued, then stops the writer.
    ~LocationJournal();
    LocationJournal(const LocationJournal&) = delete;
    LocationJournal& operator=(const LocationJournal&) = delete;

    // Every current binding with its AoR, ordered by AoR, expired ones included (the caller
    // knows the time; LocationService::load skips them).
    std::vector<std::pair<std::string, Binding>> load_all();
    // The same rows one at a time, for loading the index at start-up without holding every
    // row twice (a million bindings would otherwise double the start-up peak).
    void load_each(const std::function<void(const std::string& aor, Binding binding)>& row);

    // Replaces the AoR's stored bindings with `bindings` (none: the AoR is removed), then
    // calls `done` on the writer thread with whether the commit succeeded.
    void write(std::string aor, BindingSet bindings, Done done);
    void write(std::string aor, std::vector<Binding> bindings, Done done);

    // Blocks until everything queued before the call is committed.
    void flush();

    struct Stats {
        std::uint64_t commits = 0;   // transactions committed
        std::uint64_t writes = 0;    // AoR changes in them
        std::uint64_t failures = 0;  // AoR changes whose commit failed
        std::uint64_t log_rows = 0;  // rows in the log, current or not
        std::uint64_t current_rows = 0;
    };
    Stats stats() const;

  private:
    struct Op {
        enum class Kind { Write, Flush } kind = Kind::Write;
        std::string aor;
        BindingSet bindings;
        Done done;
    };
    struct Statements;
    // An AoR's current version in the log and how many rows it has (1 for an emptied AoR).
    struct Current {
        std::int64_t version = 0;
        std::uint32_t rows = 0;
    };
    // The log's bookkeeping: which version of each AoR is current, and how many rows the
    // log holds against how many of them are current. The writer thread alone uses it once
    // the constructor has read it from the file.
    struct LogState {
        std::unordered_map<std::string, Current> current;
        std::int64_t next_version = 1;
        std::uint64_t log_rows = 0;
        std::uint64_t current_rows = 0;
    };

    // Reclaiming starts when the log holds this many rows beyond twice the current ones,
    // and each commit reclaims at most kReclaimChunk rows from the head.
    static constexpr std::uint64_t kReclaimSlack = 1024;
    static constexpr int kReclaimChunk = 256;

    // A commit costs about the same (one WAL sync, the same few pages at the end of the log)
    // for one change as for fifty, so a commit starts once kGatherChanges changes are queued
    // or kGather after the previous commit, whichever comes first, and takes everything
    // queued. A 200 waits at most kGather, far inside a REGISTER's first retransmission (T1,
    // 500 ms); a lone change after a quiet spell is committed at once. The WAL sync is the
    // writer's largest cost (about 150 us of CPU each here), so fewer, fuller commits save
    // most. The batch is capped because its 200s leave together: SIPp, given bursts of 100
    // (10,000/s with a 10 ms gather), fell behind the rate it was asked for (7,700-9,200/s).
    static constexpr std::chrono::milliseconds kGather{10};
    static constexpr std::size_t kGatherChanges = 48;

    void enqueue(Op op);
    void run();
    bool commit(std::vector<Op>& batch);
    bool append(const Op& op);
    bool reclaim(std::int64_t now);
    LogState read_log_state();

    std::unique_ptr<SqliteDatabase> db_;
    std::unique_ptr<Statements> stmts_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Op> queue_;
    LogState log_;
    bool stopping_ = false;
    Stats stats_;
    std::thread writer_;
};

}  // namespace dialtone::store
