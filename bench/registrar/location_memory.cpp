// location_memory: how much memory the location service needs per binding (issue 4: one
// million bindings loaded must fit in 1 GB RSS).
//
// Stores N realistic bindings (one per AoR, as phones register) through the real
// LocationService and its SQLite journal, then starts a fresh process that loads them from
// the database the way `dialtone serve` does on start, and prints that process's RSS before
// and after the load, its peak, and the bytes per binding.
//
// Usage: location_memory [--bindings N] [--db FILE]   (the database file is left behind)
//        location_memory --load FILE        (the second phase; run by the first)

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/location_journal.hpp"
#include "store/location_service.hpp"
#include "store/sqlite_database.hpp"

namespace {

using dialtone::store::Binding;
using dialtone::store::BindingSet;
using dialtone::store::Durability;
using dialtone::store::LocationJournal;
using dialtone::store::LocationService;
using dialtone::store::SqliteDatabase;

// A /proc/self/status field in kB, as bytes.
std::uint64_t status_bytes(const char* field) {
    std::ifstream f("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(f, line)) {
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
            return std::strtoull(line.c_str() + n + 1, nullptr, 10) * 1024;
        }
    }
    return 0;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string hex(std::uint64_t v, int digits) {
    static const char* kDigits = "0123456789abcdef";
    std::string s(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4)
        s[static_cast<std::size_t>(i)] = kDigits[v & 15];
    return s;
}

// What a desk phone behind NAT leaves in a binding: a contact with transport and line
// parameters, a random Call-ID, an RFC 5626 instance, its address and its User-Agent.
Binding realistic_binding(std::uint64_t i, std::int64_t now) {
    const std::uint64_t h = (i + 1) * 0x9e3779b97f4a7c15ULL;
    const std::string ip = "10." + std::to_string((i >> 16) & 255) + "." +
                           std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255);
    const std::string port = std::to_string(5060 + (h % 20000));
    Binding b;
    b.contact = "sip:user" + std::to_string(i) + "@" + ip + ":" + port +
                ";transport=udp;line=" + hex(h >> 40, 6);
    b.call_id = hex(h, 16) + hex(h >> 7, 16) + "@" + ip;
    b.cseq = static_cast<std::uint32_t>(1 + h % 5000);
    b.expires_at = now + 3600 + static_cast<std::int64_t>(h % 600);
    b.q = 1000;
    b.instance = "\"<urn:uuid:" + hex(h, 8) + "-" + hex(h >> 8, 4) + "-4" + hex(h >> 12, 3) + "-a" +
                 hex(h >> 16, 3) + "-" + hex(h >> 20, 12) + ">\"";
    b.reg_id = 1;
    b.source = "udp:" + ip + ":" + port;
    b.user_agent = "Yealink SIP-T46S 66.86.0." + std::to_string(h % 100);
    return b;
}

std::string aor_of(std::uint64_t i) {
    return "sip:user" + std::to_string(i) + "@example.test";
}

int load_phase(const std::string& path) {
    const std::uint64_t rss_start = status_bytes("VmRSS");
    SqliteDatabase db(path);
    LocationJournal journal(db.path(), Durability::Full);
    LocationService location(&journal);
    const std::uint64_t rss_before = status_bytes("VmRSS");
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t loaded = location.load(unix_now());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::uint64_t rss_after = status_bytes("VmRSS");
    const std::uint64_t peak = status_bytes("VmHWM");
    const double per = loaded ? double(rss_after - rss_before) / double(loaded) : 0.0;
    std::printf("loaded %zu bindings (%zu AoRs) in %.1f s\n", loaded, location.index().aor_count(),
                secs);
    std::printf(
        "RSS: %.1f MB at start, %.1f MB with the database open, %.1f MB loaded, "
        "peak %.1f MB\n",
        double(rss_start) / 1e6, double(rss_before) / 1e6, double(rss_after) / 1e6,
        double(peak) / 1e6);
    std::printf("bytes per binding (RSS growth / bindings): %.0f\n", per);
    // Measured directly when a million were loaded, else extrapolated from this run.
    const double million =
        loaded >= 1000000 ? double(std::max(rss_after, peak)) : double(rss_before) + per * 1e6;
    const bool met = million <= 1e9;
    std::printf("1,000,000 bindings: %.1f MB%s (limit 1000 MB): %s\n", million / 1e6,
                loaded >= 1000000 ? "" : " extrapolated", met ? "met" : "NOT met");
    return met ? 0 : 1;
}

int fill_phase(std::uint64_t count, const std::string& path) {
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    {
        SqliteDatabase db(path);
        LocationJournal journal(db.path(), Durability::Full);
        LocationService location(&journal);
        const std::int64_t now = unix_now();
        const auto t0 = std::chrono::steady_clock::now();
        std::uint64_t failed = 0;
        for (std::uint64_t i = 0; i < count; ++i) {
            Binding b = realistic_binding(i, now);
            location.update(
                aor_of(i),
                [&](std::vector<Binding>& bindings) {
                    bindings.push_back(std::move(b));
                    return true;
                },
                [&failed](bool committed, const BindingSet&) { failed += committed ? 0 : 1; });
            // Keeps the journal's queue (and this process) from holding every row at once.
            if ((i + 1) % 50000 == 0) {
                journal.flush();
                std::fprintf(stderr, "\rstored %llu", static_cast<unsigned long long>(i + 1));
            }
        }
        journal.flush();
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const auto stats = journal.stats();
        std::fprintf(stderr, "\n");
        std::printf("stored %llu bindings in %.1f s (%llu commits, %llu failed)\n",
                    static_cast<unsigned long long>(count), secs,
                    static_cast<unsigned long long>(stats.commits),
                    static_cast<unsigned long long>(failed));
        if (failed != 0) return 1;
    }
    std::fflush(stdout);
    // A fresh process, as after a restart: nothing of the filling phase in its heap.
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    execl(self.c_str(), self.c_str(), "--load", path.c_str(), static_cast<char*>(nullptr));
    std::perror("exec");
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t count = 1000000;
    std::string path = (std::filesystem::temp_directory_path() / "dialtone-location-memory.db");
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--load" && i + 1 < argc) return load_phase(argv[i + 1]);
        if (a == "--bindings" && i + 1 < argc) {
            count = std::strtoull(argv[++i], nullptr, 10);
        } else if (a == "--db" && i + 1 < argc) {
            path = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: location_memory [--bindings N] [--db FILE]\n"
                         "Stores N bindings through the location service, reloads them in a "
                         "fresh process and prints its RSS per binding.\n");
            return a == "--help" || a == "-h" ? 0 : 2;
        }
    }
    if (count == 0) return 2;
    return fill_phase(count, path);
}
