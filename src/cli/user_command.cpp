// `dialtone user add|remove|passwd|list|import`: the users that digest authentication
// accepts, kept in the server's SQLite file as HA1s (RFC 7616 §3.4.2), never as passwords.
// Safe to run while `dialtone serve` has the same file open; the server notices the change.

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "dialtone/sip/auth/digest_hash.hpp"
#include "store/sqlite_database.hpp"
#include "store/user_address.hpp"
#include "store/user_import.hpp"
#include "store/user_store.hpp"

namespace dialtone::cli {

namespace {

// Exit statuses, also listed in `dialtone user --help`.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // database or file error
constexpr int kExitBadInput = 2;  // bad address, empty password, bad import line
constexpr int kExitExists = 3;
constexpr int kExitNoSuchUser = 4;

struct UserOptions {
    std::string db = "./dialtone.db";
    std::string address;
    std::string password;
    std::string domain;
    std::string file;
};

class CommandError {
  public:
    CommandError(std::string command) : prefix_("dialtone user " + command + ": ") {}
    int operator()(int code, const std::string& message) const {
        std::cerr << prefix_ << message << "\n";
        return code;
    }

  private:
    std::string prefix_;
};

store::UserRow row_for(const store::UserAddress& a, const std::string& password) {
    store::UserRow r;
    r.user = a.user;
    r.domain = a.domain;
    r.ha1_md5 = std::string(auth::compute_ha1(auth::Algorithm::Md5, a.user, a.domain, password));
    r.ha1_sha256 =
        std::string(auth::compute_ha1(auth::Algorithm::Sha256, a.user, a.domain, password));
    return r;
}

// Turns terminal echo off for its lifetime (when stdin is a terminal).
class EchoOff {
  public:
    EchoOff() {
        if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

  private:
    termios saved_{};
    bool active_ = false;
};

bool read_line(std::string& out) {
    if (!std::getline(std::cin, out)) return false;
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return true;
}

// The password from --password, or else one line of stdin, so it stays out of shell
// history. On a terminal: prompt, no echo, typed twice.
std::optional<std::string> password_for(const UserOptions& opt, bool given,
                                        const store::UserAddress& who, std::string& error) {
    if (given) {
        if (opt.password.empty()) error = "empty password";
        return opt.password.empty() ? std::nullopt : std::optional(opt.password);
    }
    std::string first;
    if (isatty(STDIN_FILENO)) {
        EchoOff quiet;
        std::cerr << "Password for " << who.text() << ": " << std::flush;
        const bool got = read_line(first);
        std::cerr << "\nRetype password: " << std::flush;
        std::string second;
        const bool again = got && read_line(second);
        std::cerr << "\n";
        if (again && first != second) {
            error = "passwords do not match";
            return std::nullopt;
        }
    } else if (!read_line(first)) {
        error = "no password: give --password or one line on stdin";
        return std::nullopt;
    }
    if (first.empty()) {
        error = "empty password";
        return std::nullopt;
    }
    return first;
}

std::unique_ptr<store::SqliteDatabase> open_db(const UserOptions& opt, const CommandError& fail,
                                               int& code) {
    try {
        return std::make_unique<store::SqliteDatabase>(opt.db);
    } catch (const std::exception& e) {
        code = fail(kExitFailed, e.what());
        return nullptr;
    }
}

int run_add(const UserOptions& opt, bool password_given) {
    const CommandError fail("add");
    std::string error;
    const auto who = store::parse_user_address(opt.address, error);
    if (!who) return fail(kExitBadInput, error);
    const auto password = password_for(opt, password_given, *who, error);
    if (!password) return fail(kExitBadInput, error);
    int code = kExitOk;
    auto db = open_db(opt, fail, code);
    if (!db) return code;
    const store::UserStoreResult r = store::UserStore(*db).add(row_for(*who, *password));
    if (r.status == store::UserStoreStatus::Exists) {
        return fail(kExitExists, who->text() + " already exists (use `dialtone user passwd`)");
    }
    if (!r) return fail(kExitFailed, opt.db + ": " + r.detail);
    std::cout << "added " << who->text() << "\n";
    return kExitOk;
}

int run_remove(const UserOptions& opt) {
    const CommandError fail("remove");
    std::string error;
    const auto who = store::parse_user_address(opt.address, error);
    if (!who) return fail(kExitBadInput, error);
    int code = kExitOk;
    auto db = open_db(opt, fail, code);
    if (!db) return code;
    const store::UserStoreResult r = store::UserStore(*db).remove(who->user, who->domain);
    if (r.status == store::UserStoreStatus::NotFound) {
        return fail(kExitNoSuchUser, "no such user: " + who->text());
    }
    if (!r) return fail(kExitFailed, opt.db + ": " + r.detail);
    std::cout << "removed " << who->text() << "\n";
    return kExitOk;
}

int run_passwd(const UserOptions& opt, bool password_given) {
    const CommandError fail("passwd");
    std::string error;
    const auto who = store::parse_user_address(opt.address, error);
    if (!who) return fail(kExitBadInput, error);
    int code = kExitOk;
    auto db = open_db(opt, fail, code);
    if (!db) return code;
    store::UserStore users(*db);
    store::UserRow existing;
    // Look first, so a typo in the address fails before anyone types a password.
    const store::UserStoreResult found = users.find(who->user, who->domain, existing);
    if (found.status == store::UserStoreStatus::NotFound) {
        return fail(kExitNoSuchUser, "no such user: " + who->text());
    }
    if (!found) return fail(kExitFailed, opt.db + ": " + found.detail);
    const auto password = password_for(opt, password_given, *who, error);
    if (!password) return fail(kExitBadInput, error);
    const store::UserRow row = row_for(*who, *password);
    const store::UserStoreResult r =
        users.set_ha1(who->user, who->domain, row.ha1_md5, row.ha1_sha256);
    if (r.status == store::UserStoreStatus::NotFound) {
        return fail(kExitNoSuchUser, "no such user: " + who->text());
    }
    if (!r) return fail(kExitFailed, opt.db + ": " + r.detail);
    std::cout << "password changed for " << who->text() << "\n";
    return kExitOk;
}

std::string utc_text(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int run_list(const UserOptions& opt) {
    const CommandError fail("list");
    std::string domain;
    for (char c : opt.domain)
        domain.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    int code = kExitOk;
    auto db = open_db(opt, fail, code);
    if (!db) return code;
    std::vector<store::UserRow> rows;
    const store::UserStoreResult r = store::UserStore(*db).list(rows, domain);
    if (!r) return fail(kExitFailed, opt.db + ": " + r.detail);
    // Address and creation time only: HA1s are password equivalents for their realm.
    std::string out;
    for (const store::UserRow& row : rows)
        out += row.user + "@" + row.domain + "\t" + utc_text(row.created) + "\n";
    std::cout << out;
    return kExitOk;
}

int run_import(const UserOptions& opt) {
    const CommandError fail("import");
    const auto started = std::chrono::steady_clock::now();
    std::string text;
    if (opt.file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(opt.file, std::ios::binary);
        if (!in) return fail(kExitFailed, "cannot read " + opt.file);
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    std::vector<store::ImportEntry> entries;
    store::ImportError bad;
    if (!store::parse_user_import(text, entries, bad)) {
        return fail(kExitBadInput, opt.file + ":" + std::to_string(bad.line) + ": " + bad.message +
                                       " (nothing imported)");
    }
    std::vector<store::UserRow> rows;
    rows.reserve(entries.size());
    for (const store::ImportEntry& e : entries)
        rows.push_back(row_for(e.address, e.password));
    int code = kExitOk;
    auto db = open_db(opt, fail, code);
    if (!db) return code;
    const store::UserStoreResult r = store::UserStore(*db).add_all(rows);
    if (r.status == store::UserStoreStatus::Exists && r.index < entries.size()) {
        const store::ImportEntry& e = entries[r.index];
        return fail(kExitExists, opt.file + ":" + std::to_string(e.line) + ": " + e.address.text() +
                                     " already exists (nothing imported)");
    }
    if (!r) return fail(kExitFailed, opt.db + ": " + r.detail + " (nothing imported)");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    std::cout << "imported " << rows.size() << (rows.size() == 1 ? " user" : " users") << " from "
              << opt.file << " in " << ms << " ms\n";
    return kExitOk;
}

}  // namespace

void add_user_command(CLI::App& app, int& exit_code) {
    auto opt = std::make_shared<UserOptions>();
    CLI::App* user = app.add_subcommand(
        "user", "Manage the users digest authentication accepts (stored as HA1s in SQLite)");
    user->require_subcommand(1);
    user->footer(
        "Exit status: 0 done, 1 database or file error, 2 bad address, password or import "
        "line, 3 user already exists, 4 no such user.");

    auto with_db = [&opt](CLI::App* cmd) {
        cmd->add_option("--db", opt->db, "SQLite database file, created if missing (as `serve`)")
            ->capture_default_str();
    };
    auto with_address = [&opt](CLI::App* cmd) {
        cmd->add_option("address", opt->address, "user@domain (the domain is the digest realm)")
            ->required();
    };
    const char* password_help = "The password; when absent, one line is read from stdin";

    CLI::App* add = user->add_subcommand("add", "Add a user");
    with_address(add);
    CLI::Option* add_password = add->add_option("--password", opt->password, password_help);
    with_db(add);
    add->callback(
        [opt, add_password, &exit_code] { exit_code = run_add(*opt, add_password->count() > 0); });

    CLI::App* remove = user->add_subcommand("remove", "Remove a user");
    with_address(remove);
    with_db(remove);
    remove->callback([opt, &exit_code] { exit_code = run_remove(*opt); });

    CLI::App* passwd = user->add_subcommand("passwd", "Change a user's password");
    with_address(passwd);
    CLI::Option* passwd_password = passwd->add_option("--password", opt->password, password_help);
    with_db(passwd);
    passwd->callback([opt, passwd_password, &exit_code] {
        exit_code = run_passwd(*opt, passwd_password->count() > 0);
    });

    CLI::App* list = user->add_subcommand(
        "list", "List users (address and creation time, UTC; never the hashes)");
    list->add_option("--domain", opt->domain, "Only users of this domain");
    with_db(list);
    list->callback([opt, &exit_code] { exit_code = run_list(*opt); });

    CLI::App* import = user->add_subcommand(
        "import",
        "Add users from a file of 'user,domain,password' lines (header and blank lines "
        "allowed), all in one transaction: one bad line and nothing is imported");
    import->add_option("file", opt->file, "The file, or - for stdin")->required();
    with_db(import);
    import->callback([opt, &exit_code] { exit_code = run_import(*opt);
});
}  // namespace dialtone::cli

}  // namespace dialtone::cli
