#!/usr/bin/env bash
# Interop: baresip calls baresip through `dialtone serve` (registrar + proxy), both
# registered with digest authentication (MD5, what baresip 1.0 speaks):
#   - both register (401 challenge, then 200): alice over UDP, bob over TCP, so the proxy
#     changes transport on the way and records two routes (§16.6 step 4), and reaches bob
#     over the connection bob registered on;
#   - alice dials sip:bob@example.test; the proxy challenges the INVITE with 407 (alice
#     claims a user of our domain, RFC 3261 §22.3), alice answers it, the proxy finds bob's
#     binding and forwards with Record-Route; bob answers by itself;
#   - alice plays a 700 Hz tone, bob a 1100 Hz one; each recording measures the other's
#     tone within 2% and is not silence (dialtone wav-info);
#   - alice hangs up; the BYE reaches bob through the proxy (Record-Route) and the server's
#     log shows both the INVITE and the BYE proxied.
# Usage: bash proxy_baresip_call_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init proxy_baresip_call
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"
for tool in baresip sox; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
done

printf 'alice,example.test,alice-pw\nbob,example.test,bob-pw\n' >"$work/users.csv"
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"
start_server "$work/server.log" --domain example.test --auth-algorithms MD5 --workers 2 \
    --log-level debug -l "127.0.0.1:@PORT@" --admin off
pass "server on udp+tcp 127.0.0.1:$port"

sox -n -r 8000 -c 1 -b 16 "$work/tone700.wav" synth 30 sine 700 vol 0.3 || fail "sox"
sox -n -r 8000 -c 1 -b 16 "$work/tone1100.wav" synth 30 sine 1100 vol 0.3 || fail "sox"

# phone NAME TONE TRANSPORT: a baresip registered as NAME@example.test through the server.
phone() {
    local name=$1 tone=$2 transport=$3 sip_port ctrl_port
    sip_port=$(pick_port "$((RANDOM % 50 + 10))") || fail "no free port"
    ctrl_port=$(pick_port "$((RANDOM % 50 + 70))") || fail "no free port"
    baresip_config "$work/$name" "$sip_port" "$ctrl_port" "$work/$tone" "$work/$name-dump"
    echo "<sip:$name@example.test;transport=$transport>;auth_pass=$name-pw;outbound=\"sip:127.0.0.1:$port;transport=$transport\";regint=60;answermode=auto" \
        >"$work/$name/accounts"
    start_baresip "$work/$name" "$work/$name.log"
    wait_for "$work/$name.log" '200 OK' 10 || { tail -n 20 "$work/$name.log" >&2; fail "$name did not register"; }
}

phone bob tone1100.wav tcp
bob_ctrl=$baresip_ctrl_port
phone alice tone700.wav udp
alice_ctrl=$baresip_ctrl_port
pass "alice (UDP) and bob (TCP) registered with digest"

baresip_ctrl_port=$alice_ctrl
baresip_ctl dial "sip:bob@example.test"
wait_for "$work/alice.log" 'Call established' 15 || { tail -n 30 "$work/alice.log" >&2; fail "alice's call was not established"; }
wait_for "$work/bob.log" 'Call established' 5 || fail "bob did not see the call established"
grep -q 'method=INVITE outcome=answered status=407' "$work/server.log" ||
    fail "the proxy did not challenge alice's INVITE"
pass "alice called bob through the proxy (407 answered, call established)"

# Three seconds of audio both ways, measured on a steady clock.
sleep 3
baresip_ctl hangup
wait_for "$work/bob.log" 'terminated' 10 || fail "bob did not see the BYE"
grep -q 'method=BYE outcome=answered status=200' "$work/server.log" ||
    fail "the server log shows no BYE answered 200 through the proxy"
pass "alice hung up; bob got the BYE through the proxy"

stop_started
for pair in "bob-dump:700:alice" "alice-dump:1100:bob"; do
    IFS=: read -r dir hz from <<<"$pair"
    dec=$(find "$work/$dir" -name "*-dec.wav" | head -n 1)
    [[ -n $dec ]] || fail "no recording in $dir"
    out=$("$bin" wav-info "$dec" --skip 0.3 --expect-frequency "$hz" 2>&1) ||
        fail "recording of $from's tone: $out"
    pass "${dir%-dump} recorded $from: $(grep '^frequency' <<<"$out")"
done
stop_server
