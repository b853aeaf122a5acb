#!/usr/bin/env bash
# Interop: the config file (DESIGN.md §2.8) through the real binary:
#   - `config defaults` writes a file that `config check` accepts;
#   - `config check` names a bad key with FILE:LINE:COLUMN and a near name, and exits 1;
#   - `serve --config` refuses a bad file (exit 2, same message) before listening;
#   - `serve --config` runs with the file's settings, and a flag given on the command line
#     wins over the file's value for the same key.
# Usage: bash config_file_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init config_file

"$bin" config defaults >"$work/defaults.toml" || fail "config defaults failed"
grep -q '^\[registrar\]$' "$work/defaults.toml" || fail "defaults have no [registrar] section"
"$bin" config check "$work/defaults.toml" >"$work/check.out" 2>&1 ||
    fail "the defaults file does not pass config check: $(cat "$work/check.out")"
pass "config defaults passes config check"

printf '[server]\nworkers = 1\n\n[registrar]\nmin_expire = 30\n' >"$work/bad.toml"
rc=0
"$bin" config check "$work/bad.toml" >"$work/bad.out" 2>&1 || rc=$?
((rc == 1)) || fail "config check of a bad file exited $rc, expected 1"
grep -q "bad.toml:5:1: unknown key 'registrar.min_expire' (did you mean 'registrar.min_expires'?)" \
    "$work/bad.out" || fail "config check did not name the key and line: $(cat "$work/bad.out")"
pass "config check names the bad key, its line and a near name"

rc=0
timeout 10 "$bin" serve --config "$work/bad.toml" -l "udp:127.0.0.1:0" --db "$work/x.db" \
    >"$work/bad_serve.out" 2>&1 || rc=$?
((rc == 2)) || fail "serve with a bad config exited $rc, expected 2"
grep -q "bad.toml:5:1: unknown key" "$work/bad_serve.out" ||
    fail "serve did not report the bad key: $(cat "$work/bad_serve.out")"
grep -q 'event=ready' "$work/bad_serve.out" && fail "serve listened despite a bad config"
pass "serve refuses a bad config before listening (exit 2)"

# The file says port $file_port and log level debug; the command line moves the listener to
# @PORT@, so the flag must win for listen while the file's other keys still apply.
file_port=$(pick_port 77) || fail "no free port"
cat >"$work/good.toml" <<TOML
[server]
listen = ["udp:127.0.0.1:$file_port"]
log_level = "debug"
workers = 1
admin = "off"

[registrar]
domains = ["config.test"]
min_expires = 120
TOML
"$bin" config check "$work/good.toml" >/dev/null 2>&1 || fail "good.toml does not pass config check"
start_server "$work/server.log" --config "$work/good.toml" -l "udp:127.0.0.1:@PORT@"
grep -q 'event=registrar .*domains=config.test' "$server_log" ||
    fail "the file's registrar.domains was not applied: $(grep event=registrar "$server_log")"
grep -q 'event=admin' "$server_log" && fail "the file's admin = \"off\" was not applied"
"$bin" options "sip:127.0.0.1:$port" --t1 50 --timeout 5 >"$work/options.out" 2>&1 ||
    fail "no answer on the command line's port $port: $(cat "$work/options.out")"
if "$bin" options "sip:127.0.0.1:$file_port" --t1 20 --timeout 3 >/dev/null 2>&1; then
    fail "the server also answered on the file's port $file_port: the flag did not win"
fi
stop_server
grep -q 'level=debug' "$server_log" || fail "the file's log_level = debug was not applied"
pass "serve runs with the file's settings; -l on the command line overrides the file's listen"
