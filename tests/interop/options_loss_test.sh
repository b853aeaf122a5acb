#!/usr/bin/env bash
# Interop: transactions survive loss (RFC 3261 §17.1.2.2, §17.2.2). SIPp sends 1,000 OPTIONS
# over UDP to `dialtone serve --workers 2` and drops 10% of the datagrams it sends and of
# those it receives (-lost 10), so requests and responses both go missing:
#   - every transaction completes by retransmission (SIPp exits 0: 1,000 successful calls);
#   - the transaction user answered each request exactly once: retransmitted requests were
#     absorbed by their server transaction, which re-sent its response (the server logs one
#     `outcome=answered` line per answer the TU gives, none for the layer's re-sends).
# Usage: bash options_loss_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init options_loss
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

calls=1000
start_server "$work/server.log" --workers 2 --log-level debug -l "udp:127.0.0.1:@PORT@"
pass "server pid $server_pid on udp 127.0.0.1:$port"

sipp_port=$(pick_port 131) || fail "no free port for SIPp"
rc=0
# SIPp retransmits the OPTIONS every 500 ms (T1) until the 200 arrives; -timeout bounds the run.
(cd "$work" && timeout 120 sipp -sf "$here/scenarios/options_200.xml" -t u1 -m "$calls" -r 200 \
    -l 400 -lost 10 -i 127.0.0.1 -p "$sipp_port" -nostdin -timeout 100s -timeout_error \
    -trace_screen -screen_file "$work/screen.txt" "127.0.0.1:$port") >"$work/sipp.out" 2>&1 || rc=$?
ok=$(grep -oE 'Successful call +\| +[0-9]+ +\| +[0-9]+' "$work/screen.txt" | grep -oE '[0-9]+$' || echo 0)
failed=$(grep -oE 'Failed call +\| +[0-9]+ +\| +[0-9]+' "$work/screen.txt" | grep -oE '[0-9]+$' || echo 0)
((rc == 0 && ok == calls)) ||
    fail "SIPp: $ok of $calls transactions completed, $failed failed (exit $rc)"
pass "$calls OPTIONS with 10% loss each way: all completed by retransmission"

answered=$(grep -c 'event=message transport=udp .*method=OPTIONS outcome=answered status=200' \
    "$work/server.log" || true)
((answered == calls)) ||
    fail "the transaction user answered $answered times for $calls transactions (each exactly once expected)"
pass "the transaction user answered each of the $calls requests exactly once"
stop_server 10
