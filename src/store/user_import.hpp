#pragma once
// The bulk-import file of `dialtone user import`: one user per line as
//     user,domain,password
// A first line "user,domain,password" is a header and skipped; blank lines are skipped; a
// line ending in CRLF is fine. The password is everything after the second comma, taken
// verbatim (it may hold commas and spaces); user and domain lose surrounding blanks. There
// is no quoting. Any bad line fails the whole file, so nothing half-imports.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "store/user_address.hpp"

namespace dialtone::store {

struct ImportEntry {
    std::size_t line = 0;  // 1-based, for messages
    UserAddress address;
    std::string password;
};

struct ImportError {
    std::size_t line = 0;
    std::string message;  // "missing password", "alice@example.test appears twice ..."
};

// False with `error` set at the first bad line (bad address, missing field, empty password,
// a user listed twice).
bool parse_user_import(std::string_view text, std::vector<ImportEntry>& out, ImportError& error);

}  // namespace dialtone::store
