#pragma once
// The durable side of the location service: every change to an AoR's bindings is written to
// SQLite by one writer thread, which commits whatever has queued up since its last commit in
// one transaction (group commit). A change's callback runs only after that commit, so a
// registrar answers 200 only for bindings that are on disk (DESIGN.md §2.7).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
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
    using Done = std::function<void(bool committed)>;

    // Opens (or creates) the location table in the database at `path`. Throws
    // std::runtime_error naming the file on failure (a start-up error).
    LocationJournal(const std::string& path, Durability durability);
    // Commits everything queued, then stops the writer.
    ~LocationJournal();
    LocationJournal(const LocationJournal&) = delete;
    LocationJournal& operator=(const LocationJournal&) = delete;

    // Every stored binding with its AoR, ordered by AoR.
    std::vector<std::pair<std::string, Binding>> load_all();
    // The same rows one at a time, for loading the index at start-up without holding every
    // row twice (a million bindings would otherwise double the start-up peak).
    void load_each(const std::function<void(const std::string& aor, Binding binding)>& row);

    // Replaces the AoR's stored bindings with `bindings` (none: the AoR is removed), then
    // calls `done` on the writer thread with whether the commit succeeded.
    void write(std::string aor, std::vector<Binding> bindings, Done done);

    // Deletes the bindings that expire at or before `now`.
    void remove_expired(std::int64_t now);

    // Blocks until everything queued before the call is committed.
    void flush();

    struct Stats {
        std::uint64_t commits = 0;   // transactions committed
        std::uint64_t writes = 0;    // AoR changes in them
        std::uint64_t failures = 0;  // AoR changes whose commit failed
    };
    Stats stats() const;

  private:
    struct Op {
        enum class Kind { Write, Expire, Flush } kind = Kind::Write;
        std::string aor;
        std::vector<Binding> bindings;
        std::int64_t now = 0;
        Done done;
    };
    struct Statements;

    // A commit costs about the same (one WAL sync, the same b-tree pages written) for one
    // change as for fifty, so a commit starts at least this long after the previous one and
    // takes everything queued meanwhile. It delays a 200 by at most this much, far inside a
    // REGISTER's first retransmission (T1, 500 ms); a lone change after a quiet spell is
    // committed at once. At 5,000 REGISTERs a second the writer thread spent 22-28 us per
    // registration with 2 ms and 19 us with 10 ms. Longer is cheaper still, but SIPp
    // then receives its 200s in bursts and falls behind the rate it was asked for (at
    // 10,000/s it reached 7,700-9,200/s with 10 ms against 9,100-9,800/s with 5 ms).
    static constexpr std::chrono::milliseconds kGather{5};

    void enqueue(Op op);
    void run();
    bool commit(std::vector<Op>& batch);

    std::unique_ptr<SqliteDatabase> db_;
    std::unique_ptr<Statements> stmts_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Op> queue_;
    bool stopping_ = false;
    Stats stats_;
    std::thread writer_;
};

}  // namespace dialtone::store
