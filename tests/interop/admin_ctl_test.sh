#!/usr/bin/env bash
# Interop: the admin interface of `dialtone serve` (--admin, loopback HTTP) and
# `dialtone ctl registrations`, through the real binary:
#   - a SIPp registration shows up in `ctl registrations` (table and --json, --aor filter),
#     with the contact SIPp sent, q, remaining expires and where it came from;
#   - GET of an unknown path is 404 JSON, POST /registrations 405;
#   - `--admin off` starts no admin listener; a non-loopback --admin is refused at start;
#     an explicitly given --admin port that is taken stops start-up;
#   - ctl against a stopped server exits 1 with a message naming the address.
# Usage: bash admin_ctl_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init admin_ctl
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

"$bin" user add dave@example.test --password dave-pw --db "$work/dialtone.db" >/dev/null ||
    fail "user add failed"
printf 'SEQUENTIAL\ndave;example.test;dave-pw;[authentication username=dave password=dave-pw]\n' \
    >"$work/dave.sipp"

start_server "$work/server.log" --domain example.test --auth-algorithms MD5 \
    -l "udp:127.0.0.1:@PORT@" --admin 127.0.0.1:0
admin=$(sed -n 's/.*event=admin_listening address=\([^ ]*\).*/\1/p' "$server_log" | head -n 1)
[[ $admin == 127.0.0.1:* ]] || fail "no event=admin_listening line in the server log"
pass "server pid $server_pid, admin on $admin"

"$bin" ctl registrations --admin "$admin" >"$work/empty.txt" || fail "ctl on an empty server failed"
grep -q '^0 binding(s) of 0 address(es)-of-record$' "$work/empty.txt" ||
    fail "empty server: $(cat "$work/empty.txt")"

sipp_port=$(pick_port 120) || fail "no free port for SIPp"
(cd "$work" && timeout 30 sipp -sf "$root/bench/registrar/register_auth.xml" -inf "$work/dave.sipp" \
    "127.0.0.1:$port" -t u1 -i 127.0.0.1 -p "$sipp_port" -m 1 -auth_uri example.test -nostdin \
    -timeout 20s -timeout_error) >"$work/sipp.out" 2>&1 || fail "SIPp registration failed"

"$bin" ctl registrations --admin "$admin" >"$work/table.txt" || fail "ctl registrations failed"
cat "$work/table.txt"
grep -q "^sip:dave@example.test  *sip:dave@127.0.0.1:$sipp_port  *[0-9]" "$work/table.txt" ||
    fail "the table does not list dave's binding"
grep -q "udp:127.0.0.1:$sipp_port" "$work/table.txt" || fail "the table does not say where it came from"
grep -q '^1 binding(s) of 1 address(es)-of-record$' "$work/table.txt" || fail "bad summary line"
pass "ctl registrations lists the binding SIPp made"

"$bin" ctl registrations --admin "$admin" --json --aor dave@EXAMPLE.test >"$work/dave.json" ||
    fail "ctl --json --aor failed"
"$bin" ctl registrations --admin "$admin" --json --aor erin@example.test >"$work/erin.json" ||
    fail "ctl --json --aor (no bindings) failed"
python3 - "$work" "$sipp_port" <<'PY' || fail "the JSON is not what was registered"
import json, sys
work, sipp_port = sys.argv[1], sys.argv[2]
doc = json.load(open(f"{work}/dave.json"))
assert doc["bindings"] == 1 and doc["aors"] == 1, doc
r = doc["registrations"][0]
assert r["aor"] == "sip:dave@example.test", r
assert r["contact"] == f"sip:dave@127.0.0.1:{sipp_port}", r
assert 3590 <= r["expires"] <= 3600, r          # SIPp asked for 3600 s
assert r["expires_at"] - doc["now"] == r["expires"], r
assert r["q"] == 1.0 and r["cseq"] == 2, r       # the REGISTER with credentials was CSeq 2
assert r["received_from"] == f"udp:127.0.0.1:{sipp_port}", r
assert r["path"] is None and r["instance"] is None and r["reg_id"] is None, r
assert json.load(open(f"{work}/erin.json"))["bindings"] == 0
PY
pass "ctl --json --aor: contact, expires, q, CSeq, source as registered"

python3 - "$admin" <<'PY' || fail "the admin API did not refuse a bad request properly"
import json, sys, urllib.request, urllib.error
base = f"http://{sys.argv[1]}"
for method, path, want in (("GET", "/nope", 404), ("POST", "/registrations", 405)):
    try:
        urllib.request.urlopen(urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None), timeout=5)
        sys.exit(f"{method} {path}: 200")
    except urllib.error.HTTPError as e:
        assert e.code == want, (method, path, e.code)
        assert "error" in json.loads(e.read()), (method, path)
PY
pass "GET /nope 404, POST /registrations 405"

# An explicitly given admin port that is taken stops start-up (the default one only warns).
timeout 10 "$bin" serve --domain example.test -l "udp:127.0.0.1:0" --db "$work/other.db" --admin "$admin" \
    >"$work/taken.log" 2>&1 && fail "a second server started with a taken --admin port"
grep -q 'event=startup_failed.*admin interface' "$work/taken.log" ||
    fail "no startup_failed line naming the admin interface: $(cat "$work/taken.log")"
pass "a taken --admin port stops start-up"

stop_server 10
rc=0
"$bin" ctl registrations --admin "$admin" >"$work/gone.out" 2>"$work/gone.err" || rc=$?
((rc == 1)) || fail "ctl against a stopped server exited $rc, expected 1"
grep -q "$admin" "$work/gone.err" || fail "ctl's error does not name the address: $(cat "$work/gone.err")"
pass "ctl against a stopped server: exit 1, names $admin"

rc=0
timeout 10 "$bin" serve -l "udp:127.0.0.1:0" --db "$work/other.db" --admin 0.0.0.0:8060 \
    >"$work/public.log" 2>&1 || rc=$?
((rc != 0)) || fail "serve accepted a non-loopback --admin"
grep -q 'loopback' "$work/public.log" || fail "no reason given: $(cat "$work/public.log")"
pass "a non-loopback --admin is refused"

start_server "$work/server2.log" --domain example.test -l "udp:127.0.0.1:@PORT@" --admin off
grep -q 'event=admin' "$server_log" && fail "--admin off still started the admin interface"
pass "--admin off: no admin interface"
stop_server 10
