#!/usr/bin/env bash
# Interop: `dialtone call` calls baresip directly (no server). baresip (headless, answering
# by itself) sends a 700 Hz tone from a WAV file and dumps what it receives; dialtone sends
# a 1000 Hz tone, records what it receives, sends DTMF 159# as RFC 4733 events, and hangs
# up after 3 s. Checked:
#   - dialtone exits 0 (answered) and printed ringing, answered and its media statistics;
#   - baresip's recording of dialtone's tone measures 1000 Hz within 2% and is not silence,
#     dialtone's recording of baresip's tone 700 Hz likewise (dialtone wav-info);
#   - baresip reports the four digits, in order;
#   - baresip saw the call end by dialtone's BYE.
# Usage: bash ua_baresip_call_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_baresip_call
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"
for tool in baresip sox; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
done

sox -n -r 8000 -c 1 -b 16 "$work/tone700.wav" synth 30 sine 700 vol 0.3 || fail "sox"
sip_port=$(pick_port 1) || fail "no free port"
ctrl_port=$(pick_port 2) || fail "no free port"
baresip_config "$work/baresip" "$sip_port" "$ctrl_port" "$work/tone700.wav" "$work/dump"
start_baresip "$work/baresip" "$work/baresip.log"
pass "baresip on 127.0.0.1:$sip_port"

rc=0
timeout 30 "$bin" call "sip:baresip@127.0.0.1:$sip_port" --from sip:alice@dialtone.test \
    --tone 1000 --record "$work/from_baresip.wav" --duration 3s --dtmf 159# \
    --bind 127.0.0.1 >"$work/call.out" 2>&1 || rc=$?
cat "$work/call.out"
((rc == 0)) || fail "dialtone call exited $rc"
for line in '^ringing: 180' '^answered: sendrecv PCMU/8000' '^dtmf sent digits=159#' \
    '^  rtp received: [1-9][0-9]+ packets' '^ended: local hangup'; do
    grep -Eq "$line" "$work/call.out" || fail "no line matching \"$line\" in dialtone's output"
done
received=$(sed -n 's/^  rtp received: \([0-9]*\) packets.*/\1/p' "$work/call.out")
((received >= 100)) || fail "dialtone received only $received RTP packets in 3 s"
pass "call answered, $received RTP packets received, hung up after 3 s"

wait_for "$work/baresip.log" 'terminated' 5 || fail "baresip did not see the call end"
wait_for "$work/baresip.log" "received event: '#' \(end=1\)" 2 ||
    fail "baresip did not report the last digit"
digits=$(sed -n "s/.*received event: '\(.\)' (end=1).*/\1/p" "$work/baresip.log" | tr -d '\n')
[[ $digits == "159#" ]] || fail "baresip reported digits \"$digits\", expected 159#"
pass "baresip received DTMF $digits (RFC 4733)"

out=$("$bin" wav-info "$work/from_baresip.wav" --expect-frequency 700 2>&1) ||
    fail "dialtone's recording of baresip: $out"
pass "dialtone recorded baresip: $(grep '^frequency' <<<"$out")"
dec=$(find "$work/dump" -name "*-dec.wav" | head -n 1)
[[ -n $dec ]] || fail "baresip wrote no recording (sndfile)"
out=$("$bin" wav-info "$dec" --skip 0.3 --expect-frequency 1000 2>&1) ||
    fail "baresip's recording of dialtone: $out"
pass "baresip recorded dialtone: $(grep '^frequency' <<<"$out")"
