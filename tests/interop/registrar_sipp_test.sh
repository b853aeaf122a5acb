#!/usr/bin/env bash
# Interop: `dialtone serve --domain example.test` as a registrar for SIPp (RFC 3261 §10.3,
# digest per RFC 7616):
#   - 100 users imported with `dialtone user import`; SIPp registers each one: REGISTER, 401,
#     REGISTER with credentials, 200 — every call must succeed;
#   - a wrong password gets 403, never 200, and stores nothing;
#   - every binding answered 200 is in the SQLite file, and a restarted server loads them all.
# SIPp 3.6 answers only the first challenge and only MD5, so the server offers MD5 alone here;
# SHA-256 is covered by the unit tests with Dialtone's own digest client.
# Usage: bash registrar_sipp_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init registrar_sipp
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

users=100
python3 - "$work" "$users" <<'PY'
import sys
work, n = sys.argv[1], int(sys.argv[2])
with open(f"{work}/users.csv", "w") as f:
    for i in range(n):
        f.write(f"user{i},example.test,secret-{i}\n")
for name, pw in (("users.sipp", "secret-{}"), ("wrong.sipp", "guess-{}")):
    with open(f"{work}/{name}", "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(n):
            p = pw.format(i)
            f.write(f"user{i};example.test;{p};[authentication username=user{i} password={p}]\n")
PY
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"

bindings_on_disk() {
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from location').fetchone()[0])" "$work/dialtone.db"
}

# run_sipp NAME SCENARIO USERS_FILE CALLS: exit status of SIPp (0: every call succeeded).
run_sipp() {
    local name=$1 scenario=$2 file=$3 calls=$4 sipp_port rc=0
    sipp_port=$(pick_port "$((RANDOM % 40 + 100))") || fail "no free port for SIPp"
    (cd "$work" && timeout 60 sipp -sf "$scenario" -inf "$file" "127.0.0.1:$port" -t u1 \
        -i 127.0.0.1 -p "$sipp_port" -m "$calls" -r 50 -auth_uri example.test -nostdin \
        -timeout 40s -timeout_error -trace_err -error_file "$work/$name.errors") \
        >"$work/$name.out" 2>&1 || rc=$?
    return $rc
}

start_server "$work/server.log" --domain example.test --auth-algorithms MD5 --workers 2 \
    --log-level debug -l "udp:127.0.0.1:@PORT@"
pass "server pid $server_pid on udp 127.0.0.1:$port"

if ! run_sipp wrong "$here/scenarios/register_wrong_password.xml" "$work/wrong.sipp" 10; then
    tail -n 20 "$work/wrong.errors" >&2 || true
    fail "a wrong password was not answered 403 every time"
fi
[[ $(bindings_on_disk) == 0 ]] || fail "a refused REGISTER stored a binding"
pass "wrong password: 10 x 403, nothing stored"

if ! run_sipp register "$root/bench/registrar/register_auth.xml" "$work/users.sipp" "$users"; then
    tail -n 20 "$work/register.errors" >&2 || true
    fail "not every registration succeeded"
fi
stored=$(bindings_on_disk)
[[ $stored == "$users" ]] || fail "$users registrations answered 200 but $stored bindings on disk"
pass "$users registrations: REGISTER, 401, REGISTER with credentials, 200; $stored bindings on disk"

stop_server 10
start_server "$work/server2.log" --domain example.test --auth-algorithms MD5 \
    -l "udp:127.0.0.1:@PORT@"
grep -q "event=registrar users=$users bindings=$users " "$work/server2.log" ||
    fail "the restarted server did not load $users users and $users bindings"
pass "restart: $users users and $users bindings loaded"
stop_server 10
