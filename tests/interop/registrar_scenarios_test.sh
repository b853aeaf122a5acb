#!/usr/bin/env bash
# Interop: the registrar's RFC 3261 §10.3 and digest (RFC 7616) corner cases, driven by SIPp
# scenarios and a python3 UDP client, with the stored bindings read back through
# `dialtone ctl registrations --json` (the admin interface):
#   - two contacts with q-values are bound and listed in the 200 (register_two_contacts.xml);
#   - expires=0 on one contact removes only it (unregister_one.xml);
#   - REGISTER without Contact lists the bindings and changes nothing (query_bindings.xml);
#   - "Contact: *" with "Expires: 0" removes them all (unregister_all.xml);
#   - Expires below --min-expires gets 423 with Min-Expires and binds nothing
#     (register_too_brief.xml);
#   - credentials on a nonce past --nonce-lifetime get 401 stale=true, then the fresh
#     challenge succeeds (register_stale_nonce.xml);
#   - a valid Authorization sent again (a replayed nonce-count) gets 401 stale=true and binds
#     nothing, from the same or another source port, while the next count on the same nonce
#     succeeds (register_replay.py); with one worker also under a new Call-ID. That client
#     computes the digest itself (hashlib), so it also checks SHA-256 (RFC 8760), which
#     neither SIPp 3.6 nor baresip 1.0 can.
# SIPp 3.6 answers only the first challenge and only MD5: the server offers MD5 alone.
# Usage: bash registrar_scenarios_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init registrar_scenarios
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

printf 'alice,example.test,alice-pw\nbob,example.test,bob-pw\ncarol,example.test,carol-pw\n' \
    >"$work/users.csv"
for u in alice bob carol; do
    printf 'SEQUENTIAL\n%s;example.test;%s-pw;[authentication username=%s password=%s-pw]\n' \
        "$u" "$u" "$u" "$u" >"$work/$u.sipp"
done
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"

# run_sipp SCENARIO USER: one call of the scenario as USER; fails the test unless it succeeds.
run_sipp() {
    local scenario=$1 user=$2 sipp_port rc=0 name
    name=$(basename "$scenario" .xml)
    sipp_port=$(pick_port "$((RANDOM % 40 + 100))") || fail "no free port for SIPp"
    (cd "$work" && timeout 30 sipp -sf "$here/scenarios/$scenario" -inf "$work/$user.sipp" \
        "127.0.0.1:$port" -t u1 -i 127.0.0.1 -p "$sipp_port" -m 1 -auth_uri example.test \
        -nostdin -timeout 20s -timeout_error -trace_err -error_file "$work/$name.errors") \
        >"$work/$name.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 30 "$work/$name.errors" >&2 || true
        fail "$name ($user): SIPp exit $rc"
    fi
}

admin=""
# bindings AOR: "contact q" lines of the AoR's current bindings, sorted, from the admin API.
bindings() {
    "$bin" ctl registrations --admin "$admin" --json --aor "$1" >"$work/ctl.json" 2>"$work/ctl.err" ||
        fail "dialtone ctl registrations failed: $(cat "$work/ctl.err")"
    python3 - "$work/ctl.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for r in sorted(doc["registrations"], key=lambda r: r["contact"]):
    assert r["expires"] > 0, r
    print(r["contact"].split("@")[0], r["q"])
PY
}

start_admin_server() {
    start_server "$@" --admin 127.0.0.1:0
    admin=$(sed -n 's/.*event=admin_listening address=\([^ ]*\).*/\1/p' "$server_log" | head -n 1)
    [[ -n $admin ]] || fail "no event=admin_listening line in the server log"
}

start_admin_server "$work/server.log" --domain example.test --auth-algorithms MD5 --workers 2 \
    --min-expires 60 --nonce-lifetime 1 -l "udp:127.0.0.1:@PORT@"
pass "server pid $server_pid on udp 127.0.0.1:$port, admin $admin"

run_sipp register_two_contacts.xml alice
got=$(bindings alice@example.test)
[[ $got == $'sip:alice-a 0.8\nsip:alice-b 0.4' ]] || fail "after registering two contacts: $got"
pass "two contacts bound with q 0.8 and 0.4, both listed in the 200"

run_sipp unregister_one.xml alice
got=$(bindings alice@example.test)
[[ $got == 'sip:alice-b 0.4' ]] || fail "after expires=0 on one contact: $got"
pass "expires=0 removed that contact only"

run_sipp query_bindings.xml alice
got=$(bindings alice@example.test)
[[ $got == 'sip:alice-b 0.4' ]] || fail "a query changed the bindings: $got"
pass "REGISTER without Contact listed the binding and changed nothing"

run_sipp register_two_contacts.xml alice
[[ $(bindings alice@example.test | wc -l) == 2 ]] || fail "re-registering did not bind two contacts"
run_sipp unregister_all.xml alice
got=$(bindings alice@example.test)
[[ -z $got ]] || fail "Contact: * with Expires: 0 left: $got"
pass "Contact: * with Expires: 0 removed both bindings"

run_sipp register_too_brief.xml bob
got=$(bindings bob@example.test)
[[ -z $got ]] || fail "a 423 stored a binding: $got"
pass "Expires: 5 got 423 with Min-Expires: 60, nothing stored"

start=$(date +%s%N)
run_sipp register_stale_nonce.xml bob
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
got=$(bindings bob@example.test)
[[ $got == 'sip:bob-a 1.0' ]] || fail "after the stale-nonce flow: $got"
pass "nonce older than 1 s: 401 stale=true, then 200 (${elapsed_ms} ms)"

run_python replay 20 "$here/register_replay.py" "$port" carol example.test carol-pw --other-socket
cat "$work/replay.out"
got=$(bindings carol@example.test)
[[ $got == sip:carol* && $got != *mallory* && $(wc -l <<<"$got") == 1 ]] ||
    fail "after the replays carol has: $got"
pass "replayed nonce-counts refused with stale=true, attacker's contact not bound"
stop_server 10

# A request is handled on the worker its Call-ID hashes to, and each worker keeps its own
# nonce-count table (digest_server.hpp): a replay under a new Call-ID may meet another
# worker's table and is then caught only by the nonce lifetime. With one worker it is caught.
# This server offers SHA-256 first and MD5 second (the default): the client answers SHA-256.
start_admin_server "$work/server1.log" --domain example.test --workers 1 \
    -l "udp:127.0.0.1:@PORT@"
run_python replay1 20 "$here/register_replay.py" "$port" carol example.test carol-pw \
    --other-socket --new-call-id --algorithm SHA-256
cat "$work/replay1.out"
got=$(bindings carol@example.test)
[[ $got != *mallory* ]] || fail "a replay from another port bound the attacker: $got"
pass "one worker, SHA-256: replay under a new Call-ID from another port refused too"
stop_server 10
