// `dialtone lint FILE...`: one verdict line per message, or its parsed structure as JSON.

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/message_json.hpp"
#include "dialtone/sip/message/lint.hpp"

namespace dialtone::cli {

namespace {

struct LintOptions {
    std::vector<std::string> files;
    bool json = false;
    std::string role = "uas";
};

bool read_input(const std::string& file, std::string& out, std::string& error) {
    if (file == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        error = "cannot read " + file;
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

int run_lint(const LintOptions& opt) {
    message::ValidationPolicy policy;
    policy.role = opt.role == "proxy"       ? message::Role::Proxy
                  : opt.role == "registrar" ? message::Role::Registrar
                                            : message::Role::Uas;
    // Exit: 1 if any message is invalid (or unreadable), else 2 if any is refused, else 0.
    bool any_invalid = false, any_refused = false;
    nlohmann::json all = nlohmann::json::array();
    for (const std::string& file : opt.files) {
        std::string bytes, error;
        if (!read_input(file, bytes, error)) {
            std::cerr << "dialtone lint: " << error << "\n";
            any_invalid = true;
            continue;
        }
        const message::LintVerdict v = message::lint_message(bytes, policy);
        any_invalid |= v.verdict == message::LintClass::Invalid;
        any_refused |= v.verdict == message::LintClass::Refused;
        if (opt.json) {
            nlohmann::json j{
                {"file", file}, {"verdict", v.line()}, {"class", static_cast<int>(v.verdict)}};
            if (v.error && v.error->status != 0) j["status"] = v.error->status;
            if (v.message) j["message"] = message_to_json(*v.message);
            all.push_back(j);
        } else if (opt.files.size() == 1) {
            std::cout << v.line() << "\n";
        } else {
            std::cout << file << ": " << v.line() << "\n";
        }
    }
    if (opt.json) {
        const nlohmann::json& out = opt.files.size() == 1 && !all.empty() ? all[0] : all;
        // Bodies and reason phrases may hold octets that are not UTF-8: replace, never throw.
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return any_invalid ? 1 : any_refused ? 2 : 0;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
    auto opt = std::make_shared<LintOptions>();
    CLI::App* cmd = app.add_subcommand(
        "lint",
        "Check SIP messages (one per file, '-' for stdin): prints 'valid', 'invalid: <reason>' or "
        "'valid, but a server answers <code> <reason>'.\nExit status: 0 all valid, 1 any "
        "invalid, 2 some refused by a server but none invalid.");
    cmd->add_option("files", opt->files, "message files ('-' reads standard input)")->required();
    cmd->add_flag("--json", opt->json, "print the parsed structure as JSON");
    cmd->add_option("--role", opt->role, "checks of which server role: uas, proxy, registrar")
        ->check(CLI::IsMember({"uas", "proxy", "registrar"}))
        ->capture_default_str();
    cmd->callback([opt, &exit_code] { exit_code = run_lint(*opt); });
}

}  // namespace dialtone::cli
