#pragma once
// The users table (schema version 2, see SqliteDatabase): one row per (user, domain) with
// the digest HA1 for MD5 and SHA-256 (RFC 7616 §3.4.2, realm = domain), never the password.
// store_meta holds 'users.generation', bumped in the same transaction as every change to
// users, so a running server notices the CLI's edits with one cheap read. (PRAGMA
// data_version would not do: it also moves for every location write made on another
// connection.) store_meta also keeps server secrets such as the digest nonce key
// (UserStore::load_or_store_secret).

#include <sqlite3.h>

namespace dialtone::store {

inline constexpr const char* kUserSchemaSql =
    "CREATE TABLE IF NOT EXISTS users ("
    " user TEXT NOT NULL, domain TEXT NOT NULL,"
    " ha1_md5 TEXT NOT NULL, ha1_sha256 TEXT NOT NULL,"
    " created INTEGER NOT NULL,"  // Unix seconds
    " PRIMARY KEY (user, domain)) WITHOUT ROWID;"
    // value has no declared type: counters stay integers and secrets stay text (an INTEGER
    // column would turn an all-digit hex key into a number).
    "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value NOT NULL);"
    "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('users.generation', 0);";

}  // namespace dialtone::store
