#!/usr/bin/env bash
# Interop: `dialtone call` calls baresip through `dialtone serve`. baresip registers as
# bob@example.test (digest, MD5); dialtone calls sip:bob@example.test as alice with the server
# as outbound proxy, answers the proxy's 407 with alice's password, and the proxy forwards
# to bob's binding. Checked:
#   - dialtone exits 0 (answered) after 3 s and printed its media statistics;
#   - baresip's recording of dialtone's 1000 Hz tone and dialtone's recording of baresip's
#     700 Hz tone each measure within 2% and are not silence (dialtone wav-info);
#   - baresip reports the DTMF digits 159# (RFC 4733) in order;
#   - the BYE reached baresip through the proxy.
# Usage: bash ua_baresip_serve_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_baresip_serve
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"
for tool in baresip sox; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
done

import_users alice bob
start_server "$work/server.log" --domain example.test --auth-algorithms MD5 --workers 2 \
    --log-level debug -l "udp:127.0.0.1:@PORT@" --admin off
pass "server on udp 127.0.0.1:$port"

registered_baresip bob 700 udp
pass "baresip registered as bob@example.test"

rc=0
timeout 30 "$bin" call sip:bob@example.test --from sip:alice@example.test --password alice-pw \
    --outbound-proxy "127.0.0.1:$port" --tone 1000 --record "$work/from_baresip.wav" \
    --duration 3s --dtmf 159# --bind 127.0.0.1 >"$work/call.out" 2>&1 || rc=$?
cat "$work/call.out"
((rc == 0)) || fail "dialtone call exited $rc"
grep -Eq '^  rtp received: [1-9][0-9]+ packets' "$work/call.out" || fail "no RTP statistics"
grep -q 'method=INVITE outcome=answered status=407' "$work/server.log" ||
    fail "the proxy did not challenge the INVITE"
pass "call through the proxy answered (after the 407), hung up after 3 s"

wait_for "$work/bob.log" 'terminated' 5 || fail "baresip did not see the BYE"
wait_for "$work/bob.log" "received event: '#' \(end=1\)" 2 ||
    fail "baresip did not report the last digit"
digits=$(sed -n "s/.*received event: '\(.\)' (end=1).*/\1/p" "$work/bob.log" | tr -d '\n')
[[ $digits == "159#" ]] || fail "baresip reported digits \"$digits\", expected 159#"
pass "baresip received DTMF $digits through the call"

stop_started
out=$("$bin" wav-info "$work/from_baresip.wav" --expect-frequency 700 2>&1) ||
    fail "dialtone's recording of baresip: $out"
pass "dialtone recorded baresip: $(grep '^frequency' <<<"$out")"
dec=$(find "$work/bob-dump" -name "*-dec.wav" | head -n 1)
[[ -n $dec ]] || fail "baresip wrote no recording (sndfile)"
out=$("$bin" wav-info "$dec" --skip 0.3 --expect-frequency 1000 2>&1) ||
    fail "baresip's recording of dialtone: $out"
pass "baresip recorded dialtone: $(grep '^frequency' <<<"$out")"
stop_server
