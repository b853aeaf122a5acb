#!/usr/bin/env bash
# `dialtone user` as an operator runs it, against a temp database that a running
# `dialtone serve` holds open at the same time (WAL, busy timeout):
#   add / passwd (from --password and from stdin) / list / remove / import, HA1s checked
#   against MD5 and SHA-256 of user:domain:password (RFC 7616 §3.4.2), no plaintext stored,
#   no HA1 printed; import of 10,000 users timed (one transaction); the error cases with
#   their exit statuses (2 bad input, 3 exists, 4 no such user, 1 file/database error).
# Usage: bash user_cli_test.sh /path/to/dialtone
# The server listens on 127.0.0.1 port 0 (the kernel picks a free one). Every command runs
# under `timeout`; the server is killed by PID on any exit.
set -uo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
[[ -x $bin ]] || { echo "FAIL: $bin is not an executable" >&2; exit 1; }
for tool in python3 timeout; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/dialtone-user-cli.XXXXXX")
db=$work/users.db
server_pid=""
failures=0

cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }

# expect NAME WANT_EXIT WANT_SUBSTRING [STDIN_TEXT] -- dialtone-args...
expect() {
    local name="$1" want_exit="$2" want_text="$3" input=""
    shift 3
    if [[ $1 != "--" ]]; then input="$1"; shift; fi
    shift
    local out rc
    out="$(printf '%s' "$input" | timeout 60 "$bin" user "$@" --db "$db" 2>&1)"
    rc=$?
    if [[ $rc -ne $want_exit || "$out" != *"$want_text"* ]]; then
        bad "$name: exit $rc (want $want_exit), output: $out"
    else
        ok "$name"
    fi
}

# sql QUERY: one value from the database (read through Python's sqlite3, independent of us).
sql() {
    timeout 30 python3 - "$db" "$1" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=10)
row = con.execute(sys.argv[2]).fetchone()
print("" if row is None else row[0])
PY
}

# ha1 ALG USER DOMAIN PASSWORD
ha1() {
    python3 -c 'import hashlib,sys; print(hashlib.new(sys.argv[1], ":".join(sys.argv[2:]).encode()).hexdigest())' "$@"
}

check_ha1() {  # check_ha1 NAME USER DOMAIN PASSWORD
    local name="$1" user="$2" domain="$3" password="$4"
    local md5 sha
    md5=$(sql "SELECT ha1_md5 FROM users WHERE user='$user' AND domain='$domain'")
    sha=$(sql "SELECT ha1_sha256 FROM users WHERE user='$user' AND domain='$domain'")
    if [[ $md5 == "$(ha1 md5 "$user" "$domain" "$password")" &&
          $sha == "$(ha1 sha256 "$user" "$domain" "$password")" ]]; then
        ok "$name"
    else
        bad "$name: stored md5=$md5 sha256=$sha"
    fi
}

# --- a server holds the database open for the whole test ---
timeout 240 "$bin" serve -l udp:127.0.0.1:0 --db "$db" --log-level info >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    grep -q "database_open" "$work/server.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if grep -q "database_open" "$work/server.log" && kill -0 "$server_pid" 2>/dev/null; then
    ok "server running with the same database"
else
    bad "server did not start: $(tail -5 "$work/server.log")"
fi

# --- add ---
expect "add with --password" 0 "added alice@example.test" -- add alice@Example.TEST --password 's3cret,Pw'
check_ha1 "alice's HA1s are MD5 and SHA-256 of user:domain:password" alice example.test 's3cret,Pw'
expect "add the same user again is exit 3" 3 "alice@example.test already exists" -- \
    add alice@example.test --password other
expect "add with the password on stdin" 0 "added bob@example.test" $'from stdin\n' -- add sip:bob@example.test
check_ha1 "stdin password (one line, newline dropped)" bob example.test 'from stdin'
expect "add in another domain" 0 "added carol@other.test" -- add carol@other.test --password c
expect "bad address is exit 2" 2 "no '@'" -- add alice --password x
expect "address with a port is exit 2" 2 "not a valid domain" -- add alice@example.test:5060 --password x
expect "no password on stdin is exit 2" 2 "no password" -- add dave@example.test
expect "empty password is exit 2" 2 "empty password" $'\n' -- add dave@example.test
expect "empty --password is exit 2" 2 "empty password" -- add dave@example.test --password ''

# Plaintext never reaches the file.
if grep -qa 's3cret,Pw' "$db" "$db-wal" 2>/dev/null; then bad "password found in the database file"; else ok "no plaintext password in the database"; fi

# --- passwd ---
gen_before=$(sql "SELECT value FROM store_meta WHERE key='users.generation'")
expect "passwd with --password" 0 "password changed for alice@example.test" -- passwd alice@example.test --password n3w
check_ha1 "passwd stores the new HA1s" alice example.test n3w
expect "passwd from stdin" 0 "password changed" $'again\n' -- passwd carol@other.test
check_ha1 "passwd from stdin stores its HA1s" carol other.test again
expect "passwd of an unknown user is exit 4" 4 "no such user: nobody@example.test" -- passwd nobody@example.test --password x
gen_after=$(sql "SELECT value FROM store_meta WHERE key='users.generation'")
if (( gen_after == gen_before + 2 )); then ok "generation moves once per change ($gen_before -> $gen_after)"; else bad "generation $gen_before -> $gen_after, want +2"; fi

# --- list ---
list=$("$bin" user list --db "$db" 2>&1)
if [[ $list == *"alice@example.test"* && $list == *"bob@example.test"* && $list == *"carol@other.test"* &&
      $(wc -l <<<"$list") -eq 3 ]]; then ok "list shows every user"; else bad "list: $list"; fi
alice_sha=$(sql "SELECT ha1_sha256 FROM users WHERE user='alice'")
alice_md5=$(sql "SELECT ha1_md5 FROM users WHERE user='alice'")
if [[ $list == *"$alice_sha"* || $list == *"$alice_md5"* ]] || grep -Eq '[0-9a-f]{32}' <<<"$list"; then
    bad "list prints hashes: $list"
else
    ok "list never prints HA1s"
fi
expect "list --domain filters" 0 "carol@other.test" -- list --domain OTHER.test
only=$("$bin" user list --domain other.test --db "$db")
[[ $(wc -l <<<"$only") -eq 1 ]] && ok "list --domain shows only that domain" || bad "list --domain: $only"

# --- remove ---
expect "remove" 0 "removed bob@example.test" -- remove bob@example.test
expect "remove again is exit 4" 4 "no such user: bob@example.test" -- remove bob@example.test
expect "remove with a bad address is exit 2" 2 "no '@'" -- remove bob
[[ $(sql "SELECT count(*) FROM users WHERE user='bob'") == 0 ]] && ok "bob is gone" || bad "bob still stored"

# --- import ---
csv=$work/users.csv
python3 - "$csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("user,domain,password\r\n\r\n")
    for i in range(10000):
        f.write(f"user{i:05d},load.test,pw-{i},x\n")
        if i % 1000 == 0:
            f.write("\n")
PY
start=$(date +%s%N)
expect "import 10,000 users" 0 "imported 10000 users" -- import "$csv"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "     (import of 10,000 users took ${elapsed_ms} ms, with a server holding the database)"
(( elapsed_ms < 10000 )) && ok "import is quick (${elapsed_ms} ms < 10 s)" || bad "import took ${elapsed_ms} ms"
[[ $(sql "SELECT count(*) FROM users WHERE domain='load.test'") == 10000 ]] && ok "10,000 rows stored" ||
    bad "rows stored: $(sql "SELECT count(*) FROM users WHERE domain='load.test'")"
check_ha1 "imported user's HA1 (password keeps its commas)" user04242 load.test 'pw-4242,x'

count_before=$(sql "SELECT count(*) FROM users")
printf 'user,domain,password\nnew1,example.test,a\n\nnew2,exa mple.test,b\nnew3,example.test,c\n' >"$work/bad.csv"
expect "bad import line is exit 2 with its line number" 2 "bad.csv:4: 'exa mple.test' is not a valid domain" -- import "$work/bad.csv"
printf 'new1,example.test,a\nnew2,example.test\n' >"$work/short.csv"
expect "short import line is exit 2" 2 "short.csv:2: expected user,domain,password" -- import "$work/short.csv"
printf 'new1,example.test,a\nalice,example.test,b\n' >"$work/dup.csv"
expect "importing an existing user is exit 3 with its line" 3 "dup.csv:2: alice@example.test already exists" -- import "$work/dup.csv"
printf 'new1,example.test,a\nnew1,EXAMPLE.test,b\n' >"$work/twice.csv"
expect "a user twice in one file is exit 2" 2 "twice.csv:2: new1@example.test appears twice" -- import "$work/twice.csv"
[[ $(sql "SELECT count(*) FROM users") == "$count_before" ]] && ok "failed imports imported nothing" ||
    bad "failed imports changed the table: $(sql "SELECT count(*) FROM users") rows, was $count_before"
expect "import of a missing file is exit 1" 1 "cannot read" -- import "$work/nonexistent.csv"
expect "import from stdin" 0 "imported 1 user" $'erin,example.test,e\n' -- import -
check_ha1 "stdin import's HA1" erin example.test e

# --- database errors ---
out=$(timeout 30 "$bin" user list --db /nonexistent-dir/x.db 2>&1); rc=$?
[[ $rc -eq 1 && $out == *"/nonexistent-dir/x.db"* ]] && ok "unopenable database is exit 1 naming it" || bad "bad db: exit $rc, $out"
[[ $(sql "SELECT value FROM schema_info WHERE key='version'") == 2 ]] && ok "schema version 2" || bad "schema version"

if kill -0 "$server_pid" 2>/dev/null; then ok "server still running"; else bad "server died: $(tail -5 "$work/server.log")"; fi

echo "user_cli: $failures failed"
exit $((failures > 0))
