#!/usr/bin/env bash
# Interop: `dialtone register` against `dialtone serve --domain example.test` with digest
# authentication (RFC 3261 §10.2, §22.2):
#   - alice registers for 5 s (the server's --min-expires is 5), answering the 401; the
#     binding is refreshed before it runs out: at least two refreshes answered 200 within
#     7 s, each without a new challenge being needed to keep the binding (the admin
#     interface lists it throughout);
#   - SIGTERM makes it unregister (Expires: 0, answered 200): the binding is gone and the
#     command exits 0;
#   - the same account from a config file's [ua] section registers and unregisters;
#   - a wrong password ends with the server's refusal and exit status 1.
# Usage: bash ua_register_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_register
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"

printf 'alice,example.test,alice-pw\n' >"$work/users.csv"
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"
start_server "$work/server.log" --domain example.test --min-expires 5 --log-level debug \
    --admin 127.0.0.1:0 -l "127.0.0.1:@PORT@"
admin=$(sed -n 's/.*event=admin_listening address=\([^ ]*\).*/\1/p' "$server_log" | head -n 1)
[[ -n $admin ]] || fail "no event=admin_listening line in the server log"

bindings() {  # the number of bindings the registrar lists for alice
    "$bin" ctl registrations --admin "$admin" --json >"$work/regs.json" || fail "ctl failed"
    python3 -c '
import json, sys
regs = json.load(open(sys.argv[1]))["registrations"]
print(sum(1 for r in regs if r["aor"] == "sip:alice@example.test"))' "$work/regs.json"
}

"$bin" register sip:alice@example.test --password alice-pw --registrar "127.0.0.1:$port" \
    --expires 5 --bind 127.0.0.1 >"$work/register.out" 2>&1 &
reg_pid=$!
ua_pids+=("$reg_pid")
wait_for "$work/register.out" '^registered: 200' 5 ||
    { cat "$work/register.out"; fail "alice did not register"; }
grep -q 'expires 5 s' "$work/register.out" || fail "granted interval not 5 s: $(cat "$work/register.out")"
(($(bindings) == 1)) || fail "the registrar does not list alice's binding"
pass "registered through the digest challenge, expires 5 s"

# Refreshes at half the 5 s interval: the third 200 comes about 5 s after the first.
for ((i = 0; i < 80; i++)); do
    (($(grep -c '^registered: 200' "$work/register.out") >= 3)) && break
    sleep 0.1
done
count=$(grep -c '^registered: 200' "$work/register.out")
((count >= 3)) || { cat "$work/register.out"; fail "only $count REGISTERs answered 200 in 8 s"; }
(($(bindings) == 1)) || fail "the binding was lost between refreshes"
pass "binding refreshed before expiry ($count REGISTERs answered 200)"

kill -TERM "$reg_pid"
wait_exit "$reg_pid" 10 || fail "dialtone register did not stop after SIGTERM"
cat "$work/register.out"
((exit_status == 0)) || fail "dialtone register exited $exit_status after SIGTERM"
grep -q '^unregistered: 200' "$work/register.out" || fail "no unregistered line"
(($(bindings) == 0)) || fail "the binding is still there after unregistering"
pass "SIGTERM: unregistered (Expires: 0 answered 200), binding gone, exit 0"

# The account from the config file's [ua] section instead of flags.
cat >"$work/ua.toml" <<TOML
[ua]
account = "sip:alice@example.test"
password = "alice-pw"
registrar = "127.0.0.1:$port"
expires = 5
TOML
"$bin" register --config "$work/ua.toml" --bind 127.0.0.1 >"$work/config.out" 2>&1 &
reg_pid=$!
ua_pids+=("$reg_pid")
wait_for "$work/config.out" '^registered: 200 OK, expires 5 s' 5 ||
    { cat "$work/config.out"; fail "registering from the config file failed"; }
(($(bindings) == 1)) || fail "no binding after registering from the config file"
kill -TERM "$reg_pid"
wait_exit "$reg_pid" 10 || fail "dialtone register --config did not stop after SIGTERM"
((exit_status == 0)) || fail "dialtone register --config exited $exit_status"
(($(bindings) == 0)) || fail "the binding is still there after unregistering"
pass "account, password, registrar and expires from [ua] of --config"

rc=0
timeout 20 "$bin" register sip:alice@example.test --password wrong --registrar "127.0.0.1:$port" \
    --bind 127.0.0.1 >"$work/wrong.out" 2>&1 || rc=$?
((rc == 1)) || { cat "$work/wrong.out"; fail "a wrong password exited $rc, expected 1"; }
grep -Eq '^error: registration failed: 40[13]' "$work/wrong.out" ||
    fail "no registration failure line: $(cat "$work/wrong.out")"
pass "wrong password: $(grep '^error:' "$work/wrong.out")"
stop_server 10
