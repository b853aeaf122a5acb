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

import_users alice bob
start_server "$work/server.log" --domain example.test --auth-algorithms MD5 --workers 2 \
    --log-level debug -l "127.0.0.1:@PORT@" --admin off
pass "server on udp+tcp 127.0.0.1:$port"

registered_baresip bob 1100 tcp
registered_baresip alice 700 udp
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
