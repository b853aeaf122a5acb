#!/usr/bin/env bash
# Interop: baresip (Debian's 1.0 with libre 1.1) registers to `dialtone serve --domain
# example.test` with digest authentication, over UDP (alice) and over TCP (bob) at once, and
# stays registered through at least two refreshes (RFC 3261 §10.2.4):
#   - baresip runs headless (-f config dir, no UI, no audio modules), registration interval
#     10 s, so it refreshes about every 9 s; the server's --min-expires is 5 to allow that;
#   - the server log (debug) must show at least 3 REGISTERs answered 200 per transport, the
#     admin interface must list both bindings with the transport they came over;
#   - the server offers MD5 only. Debian's libre 1.1 cannot answer SHA-256 (RFC 7616/8760):
#     offered "SHA-256, MD5" (RFC 8760 §2.4 order) it does not skip the challenge it does not
#     know but gives up ("Register: Function not implemented") and never registers. The
#     test checks from baresip's SIP trace (-s) that it answered with MD5.
# Usage: bash baresip_register_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init baresip_register
command -v baresip >/dev/null || fail "baresip not installed (scripts/install-deps.sh)"

baresip_pid=""
stop_baresip() {
    if [[ -n $baresip_pid ]] && kill -0 "$baresip_pid" 2>/dev/null; then
        kill -TERM "$baresip_pid" 2>/dev/null || true
        wait "$baresip_pid" 2>/dev/null || true
    fi
    baresip_pid=""
}
trap 'stop_baresip; serve_lib_cleanup' EXIT

printf 'alice,example.test,alice-pw\nbob,example.test,bob-pw\n' >"$work/users.csv"
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"

start_server "$work/server.log" --domain example.test --auth-algorithms MD5 \
    --min-expires 5 --log-level debug --admin 127.0.0.1:0 -l "127.0.0.1:@PORT@"
admin=$(sed -n 's/.*event=admin_listening address=\([^ ]*\).*/\1/p' "$server_log" | head -n 1)
[[ -n $admin ]] || fail "no event=admin_listening line in the server log"
pass "server pid $server_pid on udp+tcp 127.0.0.1:$port"

# The account's domain is example.test (the AoR); the outbound proxy is where it is sent.
mkdir -p "$work/baresip"
cat >"$work/baresip/accounts" <<ACCOUNTS
<sip:alice@example.test>;auth_pass=alice-pw;outbound="sip:127.0.0.1:$port;transport=udp";regint=10
<sip:bob@example.test;transport=tcp>;auth_pass=bob-pw;outbound="sip:127.0.0.1:$port;transport=tcp";regint=10
ACCOUNTS
cat >"$work/baresip/config" <<'CONFIG'
poll_method		epoll
sip_listen		127.0.0.1:0
sip_trans_def		udp
sip_verify_server	no
audio_player		aufile,/dev/null
audio_source		aufile,/dev/null
audio_alert		aufile,/dev/null
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module_app		account.so
CONFIG
: >"$work/baresip/contacts"

# -t: baresip quits by itself after 26 s: long enough for the first registration and two
# refreshes at 10 s x 0.9 (t = 0, ~9, ~18 s) on each account.
timeout 40 baresip -f "$work/baresip" -s -t 26 >"$work/baresip.log" 2>&1 &
baresip_pid=$!

ok_count() {  # ok_count TRANSPORT: REGISTERs the server answered 200 over it
    grep -c "event=message transport=$1 .*method=REGISTER outcome=answered status=200" \
        "$server_log" || true
}
deadline=$((SECONDS + 35))
while ((SECONDS < deadline)); do
    (($(ok_count udp) >= 3 && $(ok_count tcp) >= 3)) && break
    kill -0 "$baresip_pid" 2>/dev/null || break
    sleep 0.5
done
udp_ok=$(ok_count udp)
tcp_ok=$(ok_count tcp)

"$bin" ctl registrations --admin "$admin" --json >"$work/regs.json" ||
    fail "dialtone ctl registrations failed"
stop_baresip

((udp_ok >= 3)) || { tail -n 60 "$work/baresip.log" >&2; fail "only $udp_ok REGISTERs answered 200 over UDP"; }
((tcp_ok >= 3)) || { tail -n 60 "$work/baresip.log" >&2; fail "only $tcp_ok REGISTERs answered 200 over TCP"; }
pass "REGISTERs answered 200: $udp_ok over UDP, $tcp_ok over TCP (initial + refreshes)"

python3 - "$work/regs.json" <<'PY' || fail "the admin interface does not list both bindings"
import json, sys
regs = {r["aor"]: r for r in json.load(open(sys.argv[1]))["registrations"]}
alice, bob = regs["sip:alice@example.test"], regs["sip:bob@example.test"]
assert alice["received_from"].startswith("udp:"), alice
assert bob["received_from"].startswith("tcp:"), bob
for r in (alice, bob):
    assert 0 < r["expires"] <= 10, r
print("bindings:", alice["contact"], alice["received_from"], "|", bob["contact"], bob["received_from"])
PY
pass "ctl lists alice over UDP and bob over TCP, expires <= 10 s"

# Which algorithm baresip answered with (its SIP trace shows the Authorization it sent).
grep -i '^Authorization: Digest' "$work/baresip.log" | head -n 1 >"$work/auth.txt" || true
[[ -s $work/auth.txt ]] || fail "no Authorization header in baresip's SIP trace"
grep -qi 'response=' "$work/auth.txt" || fail "baresip's Authorization has no response"
grep -qi 'algorithm=SHA' "$work/auth.txt" && fail "baresip answered a challenge not offered: $(cat "$work/auth.txt")"
pass "baresip answered the MD5 challenge with qop=$(grep -io 'qop=[a-z-]*' "$work/auth.txt" | head -n 1 | cut -d= -f2)"
if grep -q 'method=REGISTER outcome=answered status=403' "$server_log"; then
    fail "a REGISTER was refused with 403"
fi
stop_server 10
