#!/usr/bin/env bash
# Interop: two dialtone UAs call each other through `dialtone serve --domain example.test`
# with digest authentication:
#   - `dialtone phone` registers as bob (answering the 401); alice's `dialtone message`
#     passes the server's 407 and bob's phone prints it;
#   - bob answers automatically, sending 700 Hz and DTMF 42; `dialtone call
#     sip:bob@example.test` as alice, through
#     the server as outbound proxy, sends 1000 Hz and DTMF 13 and hangs up after 6 s
#     (300 packets each way);
#   - both exit 0 (bob after --calls 1, having unregistered), each reports the other's
#     digits, each recording measures the other's tone within 2%;
#   - the RTP packet counts each side prints agree with what the other says it sent,
#     within 1% (RTCP and RTP statistics of the issue's acceptance list).
# Usage: bash ua_serve_call_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_serve_call
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"

printf 'alice,example.test,alice-pw\nbob,example.test,bob-pw\n' >"$work/users.csv"
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"
start_server "$work/server.log" --domain example.test -l "127.0.0.1:@PORT@"
pass "server on 127.0.0.1:$port"

"$bin" phone sip:bob@example.test --password bob-pw --registrar "127.0.0.1:$port" \
    --auto-answer --calls 1 --tone 700 --record "$work/bob.wav" --dtmf 42 \
    --bind 127.0.0.1 >"$work/bob.out" 2>&1 &
bob_pid=$!
ua_pids+=("$bob_pid")
wait_for "$work/bob.out" '^registered: 200' 10 || { cat "$work/bob.out"; fail "bob did not register"; }
pass "bob registered"

rc=0
timeout 20 "$bin" message sip:bob@example.test "hello bob" --from sip:alice@example.test \
    --password alice-pw --outbound-proxy "127.0.0.1:$port" --bind 127.0.0.1 \
    >"$work/message.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/message.out"; fail "alice's MESSAGE exited $rc"; }
grep -q '^message: 200' "$work/message.out" || fail "no 200 for the MESSAGE"
wait_for "$work/bob.out" '^message from <sip:alice@example.test>;tag=[^:]*: hello bob$' 5 ||
    { cat "$work/bob.out"; fail "bob did not print alice's MESSAGE"; }
pass "MESSAGE (RFC 3428) from alice through the server's challenge reached bob, 200"

rc=0
timeout 30 "$bin" call sip:bob@example.test --from sip:alice@example.test --password alice-pw \
    --outbound-proxy "127.0.0.1:$port" --tone 1000 --record "$work/alice.wav" --duration 6s \
    --dtmf 13 --bind 127.0.0.1 >"$work/alice.out" 2>&1 || rc=$?
cat "$work/alice.out"
((rc == 0)) || fail "alice's call exited $rc"
wait_exit "$bob_pid" 10 || fail "bob's phone did not stop after the call"
cat "$work/bob.out"
((exit_status == 0)) || fail "bob's phone exited $exit_status"
grep -q '^unregistered: 200' "$work/bob.out" || fail "bob did not unregister"
grep -q '^ended: remote hangup' "$work/bob.out" || fail "bob did not see alice hang up"
pass "alice called bob through the server, hung up after 6 s; bob unregistered"

digits() { sed -n 's/^dtmf digit=\(.\) via=rfc4733$/\1/p' "$1" | tr -d '\n'; }
[[ $(digits "$work/bob.out") == 13 ]] || fail "bob reported digits \"$(digits "$work/bob.out")\""
[[ $(digits "$work/alice.out") == 42 ]] || fail "alice reported digits \"$(digits "$work/alice.out")\""
pass "DTMF: bob got 13, alice got 42"

out=$("$bin" wav-info "$work/bob.wav" --expect-frequency 1000 2>&1) || fail "bob's recording: $out"
pass "bob recorded alice: $(grep '^frequency' <<<"$out")"
out=$("$bin" wav-info "$work/alice.wav" --expect-frequency 700 2>&1) || fail "alice's recording: $out"
pass "alice recorded bob: $(grep '^frequency' <<<"$out")"

sent() { sed -n 's/^  rtp sent: \([0-9]*\) packets.*/\1/p' "$1"; }
received() { sed -n 's/^  rtp received: \([0-9]*\) packets.*/\1/p' "$1"; }
agree() {  # agree WHAT SENT RECEIVED: within 1% of what was sent
    python3 -c 'import sys; s, r = int(sys.argv[1]), int(sys.argv[2]); sys.exit(0 if s > 0 and abs(s - r) <= s / 100 else 1)' "$2" "$3" ||
        fail "$1: $2 sent but $3 received (more than 1% apart)"
}
agree "alice to bob" "$(sent "$work/alice.out")" "$(received "$work/bob.out")"
agree "bob to alice" "$(sent "$work/bob.out")" "$(received "$work/alice.out")"
pass "RTP counts agree: alice sent $(sent "$work/alice.out"), bob received $(received "$work/bob.out"); bob sent $(sent "$work/bob.out"), alice received $(received "$work/alice.out")"
stop_server 10
