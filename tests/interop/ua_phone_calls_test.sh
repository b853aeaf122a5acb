#!/usr/bin/env bash
# Interop: `dialtone call` to `dialtone phone --no-register` (both dialtone, no server):
#   1. the phone rings without answering (no --auto-answer); Ctrl-C (SIGINT) to the caller
#      after the 180 cancels the call: the phone reports "cancelled by the caller", the
#      caller exits 1 (never answered) within a few seconds;
#   2. the phone answers; the caller sends DTMF 7# as SIP INFO (--dtmf-info) and the phone
#      reports them "via=info"; SIGINT to the caller then hangs up with BYE: the phone
#      reports the remote hangup, the caller exits 0 (answered);
#   3. a second call while the phone is busy is refused with 486 (exit 1);
#   4. `dialtone call --no-offer` (INVITE without SDP): the phone offers in its 200, the
#      caller answers in the ACK, and the phone's 700 Hz tone is recorded by the caller.
# Usage: bash ua_phone_calls_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_phone_calls
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"

# --- 1. CANCEL on Ctrl-C before the answer ---
start_phone "$work/ringing.out" sip:bob@dialtone.test --no-register
"$bin" call "sip:bob@127.0.0.1:$phone_port" --bind 127.0.0.1 >"$work/cancel.out" 2>&1 &
caller=$!
ua_pids+=("$caller")
wait_for "$work/cancel.out" '^ringing: 180' 10 || { cat "$work/cancel.out"; fail "no ringing"; }
kill -INT "$caller"
wait_exit "$caller" 10 || fail "the caller did not stop after SIGINT"
cat "$work/cancel.out"
((exit_status == 1)) || fail "an unanswered call exited $exit_status, expected 1"
wait_for "$work/ringing.out" '^ended: cancelled by the caller' 5 ||
    { cat "$work/ringing.out"; fail "the phone did not see the CANCEL"; }
grep -q '^ended: local hangup' "$work/cancel.out" || fail "the caller did not report its hangup"
pass "SIGINT while ringing: CANCEL, the phone saw the call cancelled, caller exit 1"
stop_started

# --- 2. INFO digits, BYE on Ctrl-C after the answer ---
start_phone "$work/phone.out" sip:bob@dialtone.test --no-register --auto-answer
"$bin" call "sip:bob@127.0.0.1:$phone_port" --bind 127.0.0.1 --dtmf 7# --dtmf-info \
    >"$work/call.out" 2>&1 &
caller=$!
ua_pids+=("$caller")
wait_for "$work/phone.out" '^dtmf digit=# via=info' 10 ||
    { cat "$work/call.out" "$work/phone.out"; fail "the phone did not report the INFO digits"; }
digits=$(sed -n 's/^dtmf digit=\(.\) via=info.*/\1/p' "$work/phone.out" | tr -d '\n')
[[ $digits == "7#" ]] || fail "the phone reported INFO digits \"$digits\", expected 7#"
pass "DTMF by INFO: the phone reported $digits"

# --- 3. busy ---
rc=0
timeout 20 "$bin" call "sip:bob@127.0.0.1:$phone_port" --bind 127.0.0.1 >"$work/busy.out" 2>&1 || rc=$?
((rc == 1)) || { cat "$work/busy.out"; fail "a call to a busy phone exited $rc"; }
grep -q '^ended: rejected (486)' "$work/busy.out" || fail "no 486: $(cat "$work/busy.out")"
pass "second call while busy: 486, exit 1"

kill -INT "$caller"
wait_exit "$caller" 10 || fail "the caller did not stop after SIGINT"
cat "$work/call.out"
((exit_status == 0)) || fail "an answered call exited $exit_status, expected 0"
wait_for "$work/phone.out" '^ended: remote hangup' 5 ||
    { cat "$work/phone.out"; fail "the phone did not see the BYE"; }
pass "SIGINT after the answer: BYE, the phone saw the remote hangup, caller exit 0"
stop_started

# --- 4. delayed offer from the caller ---
start_phone "$work/late.out" sip:bob@dialtone.test --no-register --auto-answer --tone 700
rc=0
timeout 20 "$bin" call "sip:bob@127.0.0.1:$phone_port" --no-offer --duration 2s \
    --record "$work/late.wav" --bind 127.0.0.1 >"$work/nooffer.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/nooffer.out"; fail "the call without an offer exited $rc"; }
grep -q '(no offer)$' "$work/late.out" || fail "the phone did not see an INVITE without SDP"
out=$("$bin" wav-info "$work/late.wav" --expect-frequency 700 2>&1) ||
    fail "the caller's recording: $out"
pass "INVITE without SDP: offer in the 200, answer in the ACK, $(grep '^frequency' <<<"$out")"
