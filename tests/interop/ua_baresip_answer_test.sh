#!/usr/bin/env bash
# Interop: baresip calls `dialtone phone --auto-answer --no-register` directly. dialtone
# sends a 1000 Hz tone and records; baresip sends 700 Hz from a WAV file and dumps what it
# receives. Once dialtone has answered, baresip sends DTMF 47*# (RFC 4733, its sndcode
# command) and then hangs up. Checked:
#   - dialtone printed the incoming call, the answer, the four digits in order
#     ("dtmf digit=4 via=rfc4733" ...), the remote hangup and media statistics, and (with
#     --calls 1) exits 0 by itself after the call;
#   - each side's recording of the other's tone is within 2% and not silence.
# Usage: bash ua_baresip_answer_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_baresip_answer
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"
for tool in baresip sox; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
done

sox -n -r 8000 -c 1 -b 16 "$work/tone700.wav" synth 30 sine 700 vol 0.3 || fail "sox"
start_phone "$work/phone.out" sip:bob@dialtone.test --no-register --auto-answer --calls 1 \
    --tone 1000 --record "$work/from_baresip.wav"
pass "dialtone phone on 127.0.0.1:$phone_port"

sip_port=$(pick_port 1) || fail "no free port"
ctrl_port=$(pick_port 2) || fail "no free port"
baresip_config "$work/baresip" "$sip_port" "$ctrl_port" "$work/tone700.wav" "$work/dump"
start_baresip "$work/baresip" "$work/baresip.log"

baresip_ctl dial "sip:bob@127.0.0.1:$phone_port"
wait_for "$work/phone.out" '^answered: ' 10 || { cat "$work/phone.out"; fail "dialtone did not answer"; }
# Let a second and a half of audio through before the digits.
wait_for "$work/baresip.log" 'Call established' 5 || fail "baresip did not see the answer"
sleep 1.5
baresip_ctl sndcode "47*#"
wait_for "$work/phone.out" '^dtmf digit=# via=rfc4733' 10 || {
    cat "$work/phone.out"
    fail "dialtone did not report the digits"
}
sleep 0.5
baresip_ctl hangup
wait_exit "$phone_pid" 10 || fail "dialtone phone did not stop after --calls 1"
cat "$work/phone.out"
((exit_status == 0)) || fail "dialtone phone exited $exit_status"

grep -Eq '^incoming call from .*sip:baresip@127\.0\.0\.1' "$work/phone.out" || fail "no incoming call line"
grep -q '^ended: remote hangup' "$work/phone.out" || fail "no remote hangup line"
digits=$(sed -n 's/^dtmf digit=\(.\) via=rfc4733$/\1/p' "$work/phone.out" | tr -d '\n')
[[ $digits == "47*#" ]] || fail "dialtone reported digits \"$digits\", expected 47*#"
pass "dialtone answered, reported DTMF $digits, saw the remote hangup"

out=$("$bin" wav-info "$work/from_baresip.wav" --expect-frequency 700 2>&1) ||
    fail "dialtone's recording of baresip: $out"
pass "dialtone recorded baresip: $(grep '^frequency' <<<"$out")"
dec=$(find "$work/dump" -name "*-dec.wav" | head -n 1)
[[ -n $dec ]] || fail "baresip wrote no recording (sndfile)"
out=$("$bin" wav-info "$dec" --skip 0.3 --expect-frequency 1000 2>&1) ||
    fail "baresip's recording of dialtone: $out"
pass "baresip recorded dialtone: $(grep '^frequency' <<<"$out")"
